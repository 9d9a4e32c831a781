import type { FieldErrorCode } from './messages.ts';

/**
 * Stable error codes. The API sends `code`; the web UI translates it. Adding a code
 * here forces the server's code → status table to handle it (it is exhaustive).
 */
export const ERROR_CODES = [
  'validation.failed',
  'validation.invalid_text',
  'request.malformed',
  'reference.not_found',
  'reference.taken',
  'reference.in_use',
  'webhook.private_address',
  'auth.unauthenticated',
  'auth.invalid_credentials',
  'auth.rate_limited',
  'auth.tenant_required',
  'auth.wrong_password',
  'auth.origin_mismatch',
  'forbidden',
  'not_found',
  'precondition.required',
  'precondition.failed',
  'department.cycle',
  'department.has_active_members',
  'department.root_exists',
  'department.code_taken',
  'employee.number_taken',
  'employee.email_taken',
  'employee.login_taken',
  'employee.manager_cycle',
  'employee.self_manager',
  'employee.department_archived',
  'token.expired',
  'token.scope_missing',
  'import.file_too_large',
  'import.unsupported_type',
  'import.empty_file',
  'import.bad_encoding',
  'import.too_many_rows',
  'import.invalid',
  'import.not_ready',
  'import.mapping_incomplete',
  'setup.already_done',
  'cycle.closed',
  'cycle.invalid_transition',
  'cycle.has_goals',
  'goal.weights_not_100',
  'goal.not_editable',
  'goal.invalid_transition',
  'goal.alignment_invalid',
  'goal.external_key_taken',
  'goal.not_approved',
  'goal.no_targets',
  'revision.open_exists',
  'revision.not_awaiting',
  'revision.invalid_change',
  'idempotency.conflict',
  'review_template.invalid',
  'review_cycle.invalid_transition',
  'review_cycle.no_participants',
  'review_cycle.not_open',
  'review.not_editable',
  'review.not_submitted',
  'nomination.not_open',
  'server.busy',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One entry of `errors[]` in a problem+json body; `code` is one the web can translate. */
export type FieldError = { path: string; code: FieldErrorCode; message: string };

/** The problem+json body the API sends for every 4xx/5xx. */
export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: ErrorCode;
  errors?: FieldError[];
  requestId?: string;
};
