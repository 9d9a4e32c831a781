/** The database error itself: drizzle wraps the driver's error in `cause`. */
function driverErrorOf(error: unknown): {
  code?: string;
  constraint?: string;
  message?: string;
  detail?: string;
} {
  const e = (error as { cause?: unknown })?.cause ?? error;
  return (e ?? {}) as { code?: string; constraint?: string; message?: string; detail?: string };
}

/** The constraint a PostgreSQL unique violation (23505) hit, if that is what this error is. */
export function uniqueViolationOf(error: unknown): string | null {
  const pgError = driverErrorOf(error);
  if (pgError?.code !== '23505') return null;
  return pgError.constraint ?? /constraint "([^"]+)"/.exec(pgError.message ?? '')?.[1] ?? 'unknown';
}

export type ConstraintViolation = {
  /** `missing`: a row refers to one that does not exist; `referenced`: a row still in use; `duplicate`: a unique key. */
  kind: 'missing' | 'referenced' | 'duplicate';
  constraint: string;
  /** The key's columns other than `tenant_id`, with the values the statement tried (null when unreadable). */
  columns: { column: string; value: string | null }[];
};

/**
 * A foreign-key (23503) or unique (23505) violation, read from the error's `detail`
 * (`Key (tenant_id, goal_id)=(…, …) is not present in table "goals".`), or null.
 */
export function constraintViolationOf(error: unknown): ConstraintViolation | null {
  const pgError = driverErrorOf(error);
  if (pgError.code !== '23503' && pgError.code !== '23505') return null;
  const detail = pgError.detail ?? '';
  const kind =
    pgError.code === '23505' ? 'duplicate' : /still referenced/.test(detail) ? 'referenced' : 'missing';
  const constraint = pgError.constraint ?? 'unknown';
  const match = /^Key \((.+?)\)=\((.*)\) (?:is not present|is still referenced|already exists)/s.exec(detail);
  if (!match) return { kind, constraint, columns: [] };
  const names = match[1]!.split(', ');
  const values = match[2]!.split(', ');
  const columns = names
    .map((column, i) => ({ column, value: values.length === names.length ? (values[i] ?? null) : null }))
    .filter((c) => c.column !== 'tenant_id');
  return { kind, constraint, columns };
}

/** SQLSTATEs of values the database refused as data (too long, out of range, not text, a bad date): bad input. */
const DATA_ERRORS = new Set([
  '22001',
  '22003',
  '22007',
  '22008',
  '22021',
  '22P02',
  '22P05',
  '23502',
  '23514',
]);

/** True when the database refused a value of the statement as data, never a fault of ours alone. */
export function isDataError(error: unknown): boolean {
  return DATA_ERRORS.has(driverErrorOf(error).code ?? '');
}

const PARAMS_IN_MESSAGE = /\nparams: [\s\S]*?(?=\n {4}at |$)/;
const KEY_VALUES = /\)=\((.*)\)( (?:is not present|is still referenced|already exists))/gs;
/** Not-null and check violations repeat the whole row (titles, comments, a password hash) in `detail`. */
const FAILING_ROW = /Failing row contains \(.*\)/gs;

function redactText(text: string): string {
  return text
    .replace(PARAMS_IN_MESSAGE, '\nparams: [redacted]')
    .replace(KEY_VALUES, ')=([redacted])$2')
    .replace(FAILING_ROW, 'Failing row contains ([redacted])');
}

/**
 * A copy of `error` (and of its causes) fit for a log: without the statement's parameters, which
 * drizzle puts in the message, the stack and a `params` property (an SMTP password or a robot
 * secret in clear, for one), and without the values a constraint's `detail` repeats. The SQL text
 * stays: it holds no values, every value is a parameter.
 */
export function redactDatabaseError<T>(error: T, depth = 0): T {
  if (!(error instanceof Error) || depth > 8) return error;
  const copy = Object.create(Object.getPrototypeOf(error)) as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(error)) {
    if (key === 'params') continue;
    const value = (error as unknown as Record<string, unknown>)[key];
    const enumerable = Object.getOwnPropertyDescriptor(error, key)?.enumerable ?? false;
    const redacted =
      key === 'cause'
        ? redactDatabaseError(value, depth + 1)
        : typeof value === 'string' && (key === 'message' || key === 'stack' || key === 'detail')
          ? redactText(value)
          : value;
    Object.defineProperty(copy, key, { value: redacted, enumerable, writable: true, configurable: true });
  }
  return copy as T;
}
