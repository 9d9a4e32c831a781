import { isFieldErrorCode } from '@perfloop/core';
import type { Rule } from 'antd/es/form';
import type { TFunction } from 'i18next';
import type { ZodType } from 'zod';

/**
 * The field code of the value's first problem, as the server names it (errors.ts): the schema's
 * message where it is a field code, else zod's issue code where that is one, else
 * `invalid_value`; an empty field the schema refuses is `required` (an enum says
 * "invalid option", which no one should read).
 */
export function zodFieldCode(schema: ZodType, value: unknown): string | null {
  const result = schema.safeParse(value === '' ? undefined : value);
  if (result.success) return null;
  if (value === undefined || value === null || value === '') return 'required';
  const issue = result.error.issues[0];
  if (issue && isFieldErrorCode(issue.message)) return issue.message;
  if (issue && isFieldErrorCode(issue.code)) return issue.code;
  return 'invalid_value';
}

/**
 * An antd form rule from the same zod schema the API validates with, so the form and the
 * server never disagree. Our schemas use field codes as messages; the UI translates them.
 */
export function zodRule(schema: ZodType, t: TFunction, params: Record<string, unknown> = {}): Rule {
  return {
    validator: async (_rule, value) => {
      const code = zodFieldCode(schema, value);
      if (code === null) return;
      throw new Error(t(`fieldErrors:${code}`, { keySeparator: false, defaultValue: code, ...params }));
    },
  };
}
