import { z } from 'zod';

export const DepartmentSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  code: z.string().nullable(),
  parentId: z.uuid().nullable(),
  headId: z.uuid().nullable(),
  headName: z.string().nullable(),
  archived: z.boolean(),
  memberCount: z.number().int(),
  version: z.number().int(),
});
export type Department = z.infer<typeof DepartmentSchema>;

export const DepartmentNameSchema = z
  .string()
  .trim()
  .min(1, 'required')
  .max(64, 'too_long')
  .refine((s) => !s.includes('/'), 'invalid_value');

export const CreateDepartmentBodySchema = z.object({
  name: DepartmentNameSchema,
  code: z.string().trim().max(32, 'too_long').nullable().optional(),
  parentId: z.uuid().nullable().optional(),
  headId: z.uuid().nullable().optional(),
});
export type CreateDepartmentBody = z.infer<typeof CreateDepartmentBodySchema>;

export const UpdateDepartmentBodySchema = z.object({
  name: DepartmentNameSchema.optional(),
  code: z.string().trim().max(32, 'too_long').nullable().optional(),
  parentId: z.uuid().optional(),
  headId: z.uuid().nullable().optional(),
  archived: z.boolean().optional(),
});
export type UpdateDepartmentBody = z.infer<typeof UpdateDepartmentBodySchema>;
