import { CreateKeyEventBodySchema } from '@perfloop/core';
import { describe, expect, it } from 'vitest';
import { zodFieldCode } from './zod-rule';

const shape = CreateKeyEventBodySchema.shape;

describe('form rules from core schemas', () => {
  it('names an empty field "required", an enum included (never zod’s "invalid option")', () => {
    expect(zodFieldCode(shape.polarity, undefined)).toBe('required');
    expect(zodFieldCode(shape.description, '')).toBe('required');
    expect(zodFieldCode(shape.description, '   ')).toBe('required');
  });

  it('names what is wrong with a value by its field code, as the server does', () => {
    expect(zodFieldCode(shape.polarity, 'neutral')).toBe('invalid_value');
    expect(zodFieldCode(shape.description, 'x'.repeat(2001))).toBe('too_long');
    expect(zodFieldCode(shape.occurredOn, '2026-13-01')).toBe('invalid_date');
    expect(zodFieldCode(shape.description, '签下大客户')).toBeNull();
  });
});
