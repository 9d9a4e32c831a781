import { z } from 'zod';

/** Field schemas shared by the follow-through features' request and response schemas. */
export const IsoDate = z.iso.date('invalid_date');
export const Uuid = z.uuid('invalid_id');
export const text = (max: number) => z.string().trim().max(max, 'too_long');
export const required = (max: number) => z.string().trim().min(1, 'required').max(max, 'too_long');
export const PageQuery = {
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};
