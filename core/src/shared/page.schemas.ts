import { z } from 'zod';

/** One page of a cursor-paged list: `nextCursor` is null on the last page. */
export function pageSchemaOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
export type Page<T> = { items: T[]; nextCursor: string | null };

/** A list answered whole (no paging). */
export function listSchemaOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item) });
}
export type List<T> = { items: T[] };
