import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';

/** A message for any error: the API's code translated, else a generic one. Never parses text. */
export function describeError(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    const base = t(`apiErrors:${error.code}`, { keySeparator: false, defaultValue: error.problem.title });
    const fields = error.fieldErrors
      .map(
        (f) =>
          `${f.path.replace(/^(body|querystring|params)\./, '')}: ${t(`fieldErrors:${f.code}`, { keySeparator: false, defaultValue: f.message })}`,
      )
      .join('; ');
    const detail = error.problem.detail && !fields ? ` (${error.problem.detail})` : '';
    return fields ? `${base}: ${fields}` : `${base}${detail}`;
  }
  return t('common.unknownError');
}

/** A field path as antd forms name it: body.items.0.title → ['items', 0, 'title']. */
export type FieldPath = (string | number)[];

/** Field errors by field path, for antd Form.setFields (nested fields get theirs too). */
export function fieldErrorsOf<Values = unknown>(
  error: unknown,
  t: TFunction,
  rename: Record<string, string> = {},
): Parameters<FormInstance<Values>['setFields']>[0] {
  if (!(error instanceof ApiError)) return [];
  return error.fieldErrors.map((f) => {
    const path: FieldPath = f.path
      .replace(/^body\./, '')
      .split('.')
      .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    const first = String(path[0]);
    if (rename[first]) path[0] = rename[first];
    return {
      name: path as never,
      errors: [t(`fieldErrors:${f.code}`, { keySeparator: false, defaultValue: f.message })],
    };
  });
}
