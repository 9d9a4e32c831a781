import { describe, expect, it } from 'vitest';
import { decideLoginThrottle, LOGIN_LIMITS, NewPasswordSchema } from './auth.schemas.ts';

describe('decideLoginThrottle', () => {
  it('allows attempts below the per-account limit', () => {
    expect(
      decideLoginThrottle({ accountFailures: 4, addressFailures: 4, oldestFailureAgeSeconds: 10 }),
    ).toEqual({
      allowed: true,
    });
  });
  it('refuses at the per-account limit until the oldest failure leaves the window', () => {
    expect(
      decideLoginThrottle({
        accountFailures: LOGIN_LIMITS.perAccount,
        addressFailures: 0,
        oldestFailureAgeSeconds: 600,
      }),
    ).toEqual({ allowed: false, retryAfterSeconds: 300 });
  });
  it('refuses at the per-address limit', () => {
    expect(
      decideLoginThrottle({
        accountFailures: 0,
        addressFailures: LOGIN_LIMITS.perAddress,
        oldestFailureAgeSeconds: 0,
      }).allowed,
    ).toBe(false);
  });
});

describe('NewPasswordSchema', () => {
  it('rejects short passwords and passwords without a digit or letter', () => {
    for (const p of ['abc123', 'abcdefghijk', '12345678901'])
      expect(NewPasswordSchema.safeParse(p).success).toBe(false);
    expect(NewPasswordSchema.safeParse('绩效闭环2026年好').success).toBe(true);
  });
});
