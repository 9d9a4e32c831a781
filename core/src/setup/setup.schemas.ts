import { z } from 'zod';
import { NewPasswordSchema } from '../auth/auth.schemas.ts';
import { EmailSchema, EmployeeNoSchema, PersonNameSchema } from '../employees/employee.schemas.ts';

export const SetupStatusSchema = z.object({ needsSetup: z.boolean() });
export type SetupStatus = z.infer<typeof SetupStatusSchema>;

export const SetupBodySchema = z.object({
  companyName: z.string().trim().min(1, 'required').max(64, 'too_long'),
  adminName: PersonNameSchema,
  adminEmployeeNo: EmployeeNoSchema,
  adminEmail: EmailSchema,
  password: NewPasswordSchema,
});
export type SetupBody = z.infer<typeof SetupBodySchema>;

export const SetupResultSchema = z.object({ tenantId: z.uuid(), login: z.string() });
export type SetupResult = z.infer<typeof SetupResultSchema>;
