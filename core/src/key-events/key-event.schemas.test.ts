import { describe, expect, it } from 'vitest';
import { CreateKeyEventBodySchema, UpdateKeyEventBodySchema } from './key-event.schemas.ts';

describe('key-event bodies', () => {
  it('leaves out of a change the fields it does not name (no default resets kind or goal)', () => {
    expect(UpdateKeyEventBodySchema.parse({ description: '报价出错' })).toEqual({ description: '报价出错' });
  });

  it('defaults a new event to a plain event without a goal', () => {
    const body = CreateKeyEventBodySchema.parse({
      employeeId: '01900000-0000-7000-8000-000000000001',
      occurredOn: '2026-08-03',
      polarity: 'positive',
      description: '签下华东区年度最大客户',
    });
    expect(body).toMatchObject({ kind: 'event', goalId: null });
  });
});
