import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './errors.ts';
import {
  describeFieldError,
  ERROR_MESSAGES,
  FIELD_ERROR_CODES,
  FIELD_MESSAGES,
  type FieldErrorCode,
  isFieldErrorCode,
} from './messages.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('field-error codes', () => {
  it('gives every field-error code a message in zh-CN and in en-US, with the same placeholders', () => {
    expect(FIELD_ERROR_CODES.length).toBeGreaterThan(0);
    for (const code of FIELD_ERROR_CODES) {
      const text = FIELD_MESSAGES[code];
      expect(text['zh-CN'].trim(), code).not.toBe('');
      expect(text['en-US'].trim(), code).not.toBe('');
      expect(text['zh-CN'], `${code} is not translated`).not.toBe(text['en-US']);
      expect(placeholders(text['zh-CN']), code).toEqual(placeholders(text['en-US']));
    }
  });

  it('translates the codes that once reached users as they were sent', () => {
    const once: FieldErrorCode[] = ['same_person', 'immutable', 'future_date', 'not_found', 'invalid_id'];
    for (const code of once) {
      expect(describeFieldError(code, 'zh-CN')).not.toBe(code);
      expect(describeFieldError(code, 'en-US')).not.toBe(code);
    }
  });

  it('knows a code only when the catalog has it', () => {
    expect(isFieldErrorCode('required')).toBe(true);
    expect(isFieldErrorCode('no_such_code')).toBe(false);
    expect(isFieldErrorCode('toString')).toBe(false);
  });

  it('fills placeholders in both languages', () => {
    expect(describeFieldError('too_long', 'en-US', { max: 64 })).toBe('is too long (at most 64 characters)');
    expect(describeFieldError('too_long', 'zh-CN', { max: 64 })).toBe('过长（最多 64 个字符）');
  });
});

describe('API error codes', () => {
  it('gives every API error code a message in zh-CN and in en-US', () => {
    for (const code of ERROR_CODES) {
      expect(ERROR_MESSAGES[code]['zh-CN'].trim(), code).not.toBe('');
      expect(ERROR_MESSAGES[code]['en-US'].trim(), code).not.toBe('');
    }
  });
});
