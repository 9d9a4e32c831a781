import {
  describeFieldError,
  ERROR_MESSAGES,
  type ErrorCode,
  type FieldError,
  type FieldErrorCode,
  isFieldErrorCode,
  type Locale,
  type ProblemBody,
} from '@perfloop/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { type ConstraintViolation, constraintViolationOf, isDataError } from '../shared/pg-errors.ts';

/** The one error type services throw. The handler turns it into problem+json. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(detail ?? code);
    this.name = 'AppError';
  }
}

/** Exhaustive: a new code does not compile until it has a status here. */
export function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'validation.failed':
    case 'validation.invalid_text':
    case 'request.malformed':
    case 'auth.tenant_required':
    case 'import.empty_file':
    case 'import.bad_encoding':
    case 'import.too_many_rows':
    case 'import.mapping_incomplete':
      return 400;
    case 'auth.unauthenticated':
    case 'auth.invalid_credentials':
    case 'token.expired':
      return 401;
    case 'auth.wrong_password':
    case 'reference.not_found':
    case 'webhook.private_address':
    case 'import.invalid':
    case 'goal.weights_not_100':
    case 'goal.alignment_invalid':
    case 'goal.no_targets':
    case 'revision.invalid_change':
    case 'review_template.invalid':
    case 'review_cycle.no_participants':
      return 422;
    case 'forbidden':
    case 'token.scope_missing':
    case 'auth.origin_mismatch':
      return 403;
    case 'not_found':
      return 404;
    case 'department.cycle':
    case 'department.has_active_members':
    case 'department.root_exists':
    case 'department.code_taken':
    case 'employee.number_taken':
    case 'employee.email_taken':
    case 'employee.login_taken':
    case 'employee.manager_cycle':
    case 'employee.self_manager':
    case 'employee.department_archived':
    case 'import.not_ready':
    case 'setup.already_done':
    case 'cycle.closed':
    case 'cycle.invalid_transition':
    case 'cycle.has_goals':
    case 'goal.not_editable':
    case 'goal.invalid_transition':
    case 'goal.external_key_taken':
    case 'goal.not_approved':
    case 'revision.open_exists':
    case 'revision.not_awaiting':
    case 'idempotency.conflict':
    case 'review_cycle.invalid_transition':
    case 'review_cycle.not_open':
    case 'review.not_editable':
    case 'review.not_submitted':
    case 'nomination.not_open':
    case 'reference.taken':
    case 'reference.in_use':
      return 409;
    case 'precondition.failed':
      return 412;
    case 'import.file_too_large':
      return 413;
    case 'import.unsupported_type':
      return 415;
    case 'precondition.required':
      return 428;
    case 'auth.rate_limited':
      return 429;
    case 'internal':
      return 500;
    case 'server.busy':
      return 503;
  }
}

export function localeOf(request: FastifyRequest): Locale {
  const header = request.headers['accept-language'] ?? '';
  return /^en/i.test(header) ? 'en-US' : 'zh-CN';
}

function problem(code: ErrorCode, locale: Locale, extra: Partial<ProblemBody> = {}): ProblemBody {
  const status = statusOf(code);
  return {
    type: `https://perfloop.dev/problems/${code.replace('.', '/')}`,
    title: ERROR_MESSAGES[code][locale],
    status,
    code,
    ...extra,
  };
}

/**
 * Zod issue → one `errors[]` entry. Our schemas use field codes ('required', 'too_long', …) as
 * messages; a schema without one gets zod's issue code, which has a message of its own too.
 */
function fieldErrorsFromZod(
  issues: readonly { path: readonly PropertyKey[]; message: string; code?: string }[],
  prefix: string,
  locale: Locale,
): FieldError[] {
  return issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    let code: FieldErrorCode = isFieldErrorCode(issue.message)
      ? issue.message
      : issue.code && isFieldErrorCode(issue.code)
        ? issue.code
        : 'invalid_value';
    if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) code = 'required';
    return { path, code, message: describeFieldError(code, locale) };
  });
}

export function sendProblem(reply: FastifyReply, body: ProblemBody, headers: Record<string, string> = {}) {
  return reply.status(body.status).headers(headers).type('application/problem+json').send(body);
}

export function handleError(
  error: FastifyError | AppError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const locale = localeOf(request);
  if (error instanceof AppError) {
    const headers: Record<string, string> = {};
    const retryAfter = error.extra?.retryAfterSeconds;
    if (typeof retryAfter === 'number') headers['retry-after'] = String(retryAfter);
    return sendProblem(
      reply,
      problem(error.code, locale, {
        ...(error.detail && { detail: error.detail }),
        ...(error.errors && { errors: error.errors }),
        ...(error.extra as Partial<ProblemBody>),
        requestId: request.id,
      }),
      headers,
    );
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = error.validationContext ?? 'body';
    const errors = fieldErrorsFromZod(
      error.validation.map((v) => ({
        path: String(v.instancePath ?? '')
          .split('/')
          .filter(Boolean),
        message: v.message ?? 'invalid_value',
        code: v.keyword,
      })),
      context,
      locale,
    );
    return sendProblem(reply, problem('validation.failed', locale, { errors, requestId: request.id }));
  }
  // The database refused a value the request sent: the client's to fix, never a 500. Logged (without
  // the statement's values) in case a value it names was the server's own.
  const violation = constraintViolationOf(error);
  if (violation) {
    request.log.info({ err: error, requestId: request.id }, 'constraint violation');
    return sendProblem(reply, constraintProblem(violation, request, locale));
  }
  if (isDataError(error)) {
    request.log.info({ err: error, requestId: request.id }, 'value refused by the database');
    return sendProblem(reply, problem('validation.failed', locale, { requestId: request.id }));
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.code === 'FST_ERR_BAD_URL' || fastifyError.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    // 400, as every route with path parameters documents (Fastify's own answer to a long one was 414).
    const detail =
      fastifyError.code === 'FST_ERR_BAD_URL'
        ? 'The path is not a valid URL'
        : 'A path parameter is too long';
    return sendProblem(reply, problem('request.malformed', locale, { detail, requestId: request.id }));
  }
  const status = fastifyError.statusCode ?? 500;
  if (fastifyError.code === 'FST_REQ_FILE_TOO_LARGE' || fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return sendProblem(reply, problem('import.file_too_large', locale, { requestId: request.id }));
  }
  if (status >= 400 && status < 500) {
    // Framework-level client errors (bad JSON, wrong content type, …): a 4xx with the reason.
    const code: ErrorCode =
      status === 404 ? 'not_found' : status === 415 ? 'import.unsupported_type' : 'validation.failed';
    return sendProblem(
      reply,
      {
        ...problem(code, locale, { detail: fastifyError.message, requestId: request.id }),
        status,
      },
      {},
    );
  }
  request.log.error({ err: error, requestId: request.id }, 'unhandled error');
  return sendProblem(reply, problem('internal', locale, { requestId: request.id }));
}

const camelCase = (column: string) => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Where in `body` a key named `field` holds `value` (`items.1.goalId`), or null. */
function findField(body: unknown, field: string, value: string | null, path: string[] = []): string | null {
  if (body === null || typeof body !== 'object' || path.length > 16) return null;
  for (const [key, item] of Object.entries(body)) {
    if (key === field && (value === null || String(item) === value)) return [...path, key].join('.');
    const inner = findField(item, field, value, [...path, key]);
    if (inner) return inner;
  }
  return null;
}

/**
 * A foreign-key or unique violation the database raised for a value the request sent: an id that
 * does not exist (or is another company's: every key starts with tenant_id) is 422
 * `reference.not_found`, a taken unique value 409 `reference.taken`, naming the field where the
 * body holds it (`body.items.1.goalId`) or the column's field name.
 */
function constraintProblem(
  violation: ConstraintViolation,
  request: FastifyRequest,
  locale: Locale,
): ProblemBody {
  const code: ErrorCode =
    violation.kind === 'missing'
      ? 'reference.not_found'
      : violation.kind === 'duplicate'
        ? 'reference.taken'
        : 'reference.in_use';
  const fieldCode =
    violation.kind === 'missing' ? 'not_found' : violation.kind === 'duplicate' ? 'taken' : 'in_use';
  const errors: FieldError[] =
    violation.kind === 'referenced'
      ? []
      : violation.columns.map(({ column, value }) => {
          const field = camelCase(column);
          const inBody = findField(request.body, field, value) ?? findField(request.body, field, null);
          const inParams = inBody ? null : findField(request.params, field, null);
          const path = inBody ? `body.${inBody}` : inParams ? `params.${inParams}` : field;
          return { path, code: fieldCode, message: describeFieldError(fieldCode, locale) };
        });
  return problem(code, locale, { ...(errors.length > 0 && { errors }), requestId: request.id });
}

/** A 400 validation problem about one field: `path` like `body.dueDate`, `code` like `required`. */
export function fieldError(path: string, code: FieldErrorCode, message: string = code): AppError {
  return new AppError('validation.failed', undefined, [{ path, code, message }]);
}
