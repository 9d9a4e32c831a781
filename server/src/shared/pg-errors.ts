/** The constraint a PostgreSQL unique violation (23505) hit, if that is what this error is. */
export function uniqueViolationOf(error: unknown): string | null {
  const e = (error as { cause?: unknown })?.cause ?? error;
  const pgError = e as { code?: string; constraint?: string; message?: string };
  if (pgError?.code !== '23505') return null;
  return pgError.constraint ?? /constraint "([^"]+)"/.exec(pgError.message ?? '')?.[1] ?? 'unknown';
}
