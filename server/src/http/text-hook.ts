import { describeFieldError, type FieldError, findInvalidText, type Locale } from '@perfloop/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, localeOf } from './errors.ts';

/** The 400 for text the database cannot store, one `errors[]` entry per field. */
export function invalidTextError(paths: readonly string[], locale: Locale): AppError {
  const errors: FieldError[] = paths.map((path) => ({
    path,
    code: 'invalid_text',
    message: describeFieldError('invalid_text', locale),
  }));
  return new AppError('validation.invalid_text', undefined, errors);
}

/** Throws the 400 when any string of `value` (named `prefix`) holds NUL or a lone surrogate. */
export function assertValidText(request: FastifyRequest, value: unknown, prefix: string) {
  const paths = findInvalidText(value, prefix);
  if (paths.length > 0) throw invalidTextError(paths, localeOf(request));
}

/**
 * Refuses NUL and lone surrogates in the path parameters, query and body of every request, before
 * any route sees them: PostgreSQL cannot store them (text refuses NUL, jsonb both), so without
 * this each route would answer 500 on the first one. Multipart bodies are read by their routes
 * (http/multipart.ts checks their fields and file names the same way).
 */
export function registerTextHook(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    const paths = [
      ...findInvalidText(request.params, 'params'),
      ...findInvalidText(request.query, 'query'),
      ...findInvalidText(request.body, 'body'),
    ];
    if (paths.length > 0) throw invalidTextError(paths, localeOf(request));
  });
}
