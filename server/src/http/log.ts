import { redactDatabaseError } from '../shared/pg-errors.ts';

/**
 * The logger's serializer of `err`: pino's own shape (type, message, stack, the error's fields,
 * its cause), made from a copy without the statement parameters a database error carries, so no
 * log line ever holds a value a request sent (a password, a robot secret).
 */
export function serializeLoggedError(error: Error): SerializedError {
  return serialize(error, 0) as SerializedError;
}

type SerializedError = { [key: string]: unknown; type: string; message: string; stack: string };

function serialize(error: unknown, depth: number): unknown {
  if (!(error instanceof Error) || depth > 8) return error;
  const e = redactDatabaseError(error);
  const out: Record<string, unknown> = {
    type: e.constructor?.name ?? e.name,
    message: e.message,
    stack: e.stack,
  };
  for (const [key, value] of Object.entries(e)) {
    if (out[key] !== undefined) continue;
    out[key] = value instanceof Error ? serialize(value, depth + 1) : value;
  }
  if (e.cause !== undefined && out.cause === undefined) out.cause = serialize(e.cause, depth + 1);
  return out;
}
