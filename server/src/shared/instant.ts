/**
 * An instant as the API writes it (ISO 8601, `2026-12-07T19:09:39.288Z`) from what the database
 * driver hands back for a `timestamptz` read in string mode (`2026-12-07 19:09:39.288+00`).
 */
export function toIsoInstant(value: string): string;
export function toIsoInstant(value: string | null): string | null;
export function toIsoInstant(value: string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}
