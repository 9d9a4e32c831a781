import { z } from 'zod';
import { IMPORT_FIELDS } from '../employees/employee-import.ts';

export const ImportMappingSchema = z.record(z.string(), z.string().max(200));

/** One bad cell of an import, with its message in both languages (stored reports keep theirs). */
export const ImportRowErrorSchema = z.object({
  row: z.number().int(),
  column: z.string(),
  field: z.string().nullable(),
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  messages: z.object({ 'zh-CN': z.string(), 'en-US': z.string() }),
});

export const IMPORT_JOB_STATUSES = [
  'uploaded',
  'invalid',
  'validated',
  'running',
  'succeeded',
  'failed',
] as const;
export type ImportJobStatus = (typeof IMPORT_JOB_STATUSES)[number];

/** What a validated or finished import counts, or why it failed. */
export const ImportSummarySchema = z.union([
  z.object({
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    departmentsCreated: z.number().int(),
  }),
  z.object({ reason: z.string() }),
]);
export type ImportSummary = z.infer<typeof ImportSummarySchema>;

export const ImportJobSchema = z.object({
  id: z.uuid(),
  status: z.enum(IMPORT_JOB_STATUSES),
  fileName: z.string(),
  rowCount: z.number().int(),
  headers: z.array(z.string()),
  mapping: ImportMappingSchema,
  suggestedMapping: ImportMappingSchema,
  sample: z.array(z.record(z.string(), z.string())),
  errors: z.array(ImportRowErrorSchema),
  errorCount: z.number().int(),
  summary: ImportSummarySchema.nullable(),
  progress: z.number(),
  createdAt: z.string(),
});
export type ImportJob = z.infer<typeof ImportJobSchema>;

/** `POST /imports/{id}/validate`: which column of the file fills each field. */
export const ValidateImportBodySchema = z.object({
  mapping: z.partialRecord(z.enum(IMPORT_FIELDS), z.string().max(200)),
});
export type ValidateImportBody = z.infer<typeof ValidateImportBodySchema>;
