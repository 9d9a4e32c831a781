import { z } from 'zod';

/** Field schemas shared by the request and response schemas of every feature. */

/**
 * The first day a date field takes. No HR date is older, and from here to 9999-12-31 (the
 * four-digit years the format allows) every day is one that PostgreSQL's `date` and JS `Date`
 * both hold; year 0000 passes the format but is no PostgreSQL date (a 500 before).
 */
export const MIN_ISO_DATE = '1900-01-01';
export const MAX_ISO_DATE = '9999-12-31';

/** A real calendar day written YYYY-MM-DD, from MIN_ISO_DATE to MAX_ISO_DATE. */
export function isValidIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return (
    s >= MIN_ISO_DATE &&
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d
  );
}

/** Every date field: `invalid_date` when it is no calendar day, `date_out_of_range` when it is one too early. */
export const IsoDate = z.iso
  .date({ error: 'invalid_date', abort: true })
  .refine(isValidIsoDate, 'date_out_of_range');

/**
 * The largest magnitude of a measured value (key-result start, target and check-in values, gap
 * targets and actuals), and the smallest non-zero one. Within them differences and ratios of two
 * values stay finite (progress, gaps), where 1e308 made them Infinity and the answer a 500.
 */
export const MAX_MEASURE = 1e12;
export const MIN_NONZERO_MEASURE = 1e-6;

export function isMeasureInRange(n: number): boolean {
  const size = Math.abs(n);
  return Number.isFinite(n) && size <= MAX_MEASURE && (size === 0 || size >= MIN_NONZERO_MEASURE);
}

/** Every measured value in a request: a number, `number_out_of_range` outside the bounds above. */
export const Measure = z.number().refine(isMeasureInRange, 'number_out_of_range');
export const Uuid = z.uuid('invalid_id');
export const text = (max: number) => z.string().trim().max(max, 'too_long');
export const required = (max: number) => z.string().trim().min(1, 'required').max(max, 'too_long');
export const PageQuery = {
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};
