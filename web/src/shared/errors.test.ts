import { FIELD_MESSAGES, type ProblemBody } from '@perfloop/core';
import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { describeError, fieldErrorsOf } from './errors';

/** i18next's lookup over core's catalogs, as web/src/i18n/i18n.ts builds them, in English. */
const t = ((key: string, options?: { defaultValue?: string }) => {
  const [ns, code] = key.split(':') as [string, string];
  if (ns === 'fieldErrors') return FIELD_MESSAGES[code as keyof typeof FIELD_MESSAGES]?.['en-US'];
  if (ns === 'apiErrors' && code === 'validation.failed') return 'Some fields are invalid';
  return options?.defaultValue ?? key;
}) as unknown as TFunction;

const problem = (errors: ProblemBody['errors']): ApiError =>
  new ApiError(400, { type: 'about:blank', title: 'x', status: 400, code: 'validation.failed', errors });

describe('field errors in forms', () => {
  it('puts each translated field error under its antd field, nested paths included', () => {
    const error = problem([
      { path: 'body.toId', code: 'same_person', message: 'same_person' },
      { path: 'body.keyResults.1.title', code: 'too_long', message: 'too_long' },
    ]);
    expect(fieldErrorsOf(error, t)).toEqual([
      { name: ['toId'], errors: ['cannot be yourself (the same person)'] },
      { name: ['keyResults', 1, 'title'], errors: ['is too long (at most {max} characters)'] },
    ]);
  });

  it('renames a field the form calls differently', () => {
    const error = problem([{ path: 'body.paceThreshold', code: 'invalid_value', message: 'invalid_value' }]);
    expect(fieldErrorsOf(error, t, { paceThreshold: 'pacePercent' })[0]?.name).toEqual(['pacePercent']);
  });

  it('describes the problem with its translated field errors, never the codes', () => {
    const error = problem([
      { path: 'body.employeeId', code: 'immutable', message: 'immutable' },
      { path: 'body.date', code: 'future_date', message: 'future_date' },
    ]);
    expect(describeError(error, t)).toBe(
      'Some fields are invalid: employeeId: cannot be changed once created; date: cannot be a date in the future',
    );
  });
});
