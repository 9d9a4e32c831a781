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

/** Field errors keyed by field name, for antd Form.setFields. */
export function fieldErrorsOf(error: unknown, t: TFunction): { name: string; errors: string[] }[] {
  if (!(error instanceof ApiError)) return [];
  return error.fieldErrors.map((f) => ({
    name: f.path.replace(/^body\./, '').split('.')[0] ?? f.path,
    errors: [t(`fieldErrors:${f.code}`, { keySeparator: false, defaultValue: f.message })],
  }));
}
