import { z } from 'zod';
import { IsoDate, Measure, required, text, Uuid } from '../shared/schema-fields.ts';

// ---------------------------------------------------------------------------------------------
// Gap analysis (绩效改进分析表, §4)

export const GapItemInputSchema = z.object({
  dimension: required(200),
  target: Measure,
  actual: Measure,
  unit: text(20).default(''),
  rootCauses: z.array(required(1000)).max(20, 'too_many').default([]),
  actions: z.array(required(1000)).max(20, 'too_many').default([]),
});
export const SaveGapAnalysisBodySchema = z.object({
  employeeId: Uuid,
  cycleId: Uuid.nullable().default(null),
  title: required(200),
  items: z.array(GapItemInputSchema).min(1, 'required').max(50, 'too_many'),
});
export type SaveGapAnalysisBody = z.infer<typeof SaveGapAnalysisBodySchema>;

export const GapItemSchema = z.object({
  dimension: z.string(),
  target: z.number(),
  actual: z.number(),
  unit: z.string(),
  gap: z.number(),
  gapRatio: z.number().nullable(),
  rootCauses: z.array(z.string()),
  actions: z.array(z.object({ text: z.string(), followUpId: Uuid.nullable() })),
});
export const GapAnalysisSchema = z.object({
  id: Uuid,
  employeeId: Uuid,
  employeeName: z.string(),
  cycleId: Uuid.nullable(),
  title: z.string(),
  items: z.array(GapItemSchema),
  createdById: Uuid.nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type GapAnalysis = z.infer<typeof GapAnalysisSchema>;

export const GapActionToFollowUpBodySchema = z.object({
  item: z.number().int().min(0),
  action: z.number().int().min(0),
  responsibleId: Uuid,
  dueDate: IsoDate.nullable().default(null),
});
