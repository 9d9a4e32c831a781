import { z } from 'zod';
import { IsoDate, isValidIsoDate } from '../shared/schema-fields.ts';

/** Roles a person holds explicitly. Manager and department head are derived from the data. */
export const ASSIGNABLE_ROLES = ['hr_admin', 'hrbp', 'system_admin'] as const;
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];
export const ROLES = ['employee', 'manager', 'department_head', 'hrbp', 'hr_admin', 'system_admin'] as const;
export type Role = (typeof ROLES)[number];

export const EMPLOYEE_STATUSES = ['active', 'left'] as const;
export type EmployeeStatus = (typeof EMPLOYEE_STATUSES)[number];

/** The one date schema and rule (shared/schema-fields.ts), under the names the rest of core imports. */
export const IsoDateSchema = IsoDate;
export { isValidIsoDate };

export const EmployeeNoSchema = z
  .string()
  .trim()
  .min(1, 'required')
  .max(32, 'too_long')
  .regex(/^[A-Za-z0-9_-]+$/, 'invalid_number');

export const PersonNameSchema = z.string().trim().min(1, 'required').max(64, 'too_long');
export const EmailSchema = z.string().trim().toLowerCase().max(254, 'too_long').email('invalid_email');
const OptionalText = (max: number) => z.string().trim().max(max, 'too_long').nullable().optional();

export const HrbpScopeSchema = z.array(z.uuid()).max(200);

export const CreateEmployeeBodySchema = z.object({
  employeeNo: EmployeeNoSchema,
  name: PersonNameSchema,
  email: EmailSchema.nullable().optional(),
  title: OptionalText(64),
  jobLevel: OptionalText(16),
  departmentId: z.uuid(),
  managerId: z.uuid().nullable().optional(),
  hireDate: IsoDateSchema.nullable().optional(),
  status: z.enum(EMPLOYEE_STATUSES).default('active'),
  roles: z.array(z.enum(ASSIGNABLE_ROLES)).max(3).default([]),
  hrbpDepartmentIds: HrbpScopeSchema.default([]),
});
export type CreateEmployeeBody = z.infer<typeof CreateEmployeeBodySchema>;

export const UpdateEmployeeBodySchema = CreateEmployeeBodySchema.partial().omit({ employeeNo: true }).extend({
  employeeNo: EmployeeNoSchema.optional(),
});
export type UpdateEmployeeBody = z.infer<typeof UpdateEmployeeBodySchema>;

export const EmployeeSchema = z.object({
  id: z.uuid(),
  employeeNo: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  title: z.string().nullable(),
  jobLevel: z.string().nullable(),
  departmentId: z.uuid(),
  departmentName: z.string(),
  managerId: z.uuid().nullable(),
  managerName: z.string().nullable(),
  hireDate: z.string().nullable(),
  status: z.enum(EMPLOYEE_STATUSES),
  roles: z.array(z.enum(ROLES)),
  hrbpDepartmentIds: z.array(z.uuid()),
  directReportCount: z.number().int(),
  hasLogin: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Employee = z.infer<typeof EmployeeSchema>;

export const EMPLOYEE_SORTS = ['employeeNo', 'name', 'hireDate'] as const;

export const ListEmployeesQuerySchema = z.object({
  q: z.string().trim().max(64).optional(),
  departmentId: z.uuid().optional(),
  includeSubDepartments: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  managerId: z.uuid().optional(),
  status: z.enum([...EMPLOYEE_STATUSES, 'all']).default('active'),
  sort: z.enum([...EMPLOYEE_SORTS, ...EMPLOYEE_SORTS.map((s) => `-${s}` as const)]).default('employeeNo'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(400).optional(),
});
export type ListEmployeesQuery = z.infer<typeof ListEmployeesQuerySchema>;

/** `POST /employees/{id}/password-reset`: the new password, shown this once. */
export const PasswordResetResultSchema = z.object({ password: z.string() });
export type PasswordResetResult = z.infer<typeof PasswordResetResultSchema>;
