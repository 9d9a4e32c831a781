import { z } from 'zod';

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
  summary: z.unknown(),
  progress: z.number(),
  createdAt: z.string(),
});
export type ImportJob = z.infer<typeof ImportJobSchema>;
