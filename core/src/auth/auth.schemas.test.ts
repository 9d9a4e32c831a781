import { describe, expect, it } from 'vitest';
import { decideLoginThrottle, LOGIN_LIMITS, NewPasswordSchema } from './auth.schemas.ts';

describe('decideLoginThrottle', () => {
  const ages = (n: number, from = 10, step = 10) => Array.from({ length: n }, (_, i) => from + i * step);

  it('allows attempts below both limits', () => {
    expect(
      decideLoginThrottle({
        pairFailureAges: ages(LOGIN_LIMITS.perPair - 1),
        addressFailureAges: ages(LOGIN_LIMITS.perAddress - 1),
      }),
    ).toEqual({ allowed: true });
  });

  it('refuses a login from an address at the per-pair limit until its oldest counted failure leaves the window', () => {
    expect(
      decideLoginThrottle({
        pairFailureAges: [60, 120, 300, 500, 600],
        addressFailureAges: [60, 120, 300, 500, 600],
      }),
    ).toEqual({ allowed: false, retryAfterSeconds: LOGIN_LIMITS.windowMinutes * 60 - 600 });
  });

  it('refuses an address at the per-address limit, however the failures spread over logins', () => {
    const decision = decideLoginThrottle({
      pairFailureAges: [],
      addressFailureAges: ages(LOGIN_LIMITS.perAddress, 5, 5),
    });
    expect(decision).toEqual({
      allowed: false,
      retryAfterSeconds: LOGIN_LIMITS.windowMinutes * 60 - LOGIN_LIMITS.perAddress * 5,
    });
  });

  it('waits for the limit-th newest failure, not the oldest, when more than the limit are counted', () => {
    // 7 failures of the pair: after the two oldest leave, 5 remain, still at the limit.
    const decision = decideLoginThrottle({
      pairFailureAges: [100, 200, 300, 400, 500],
      addressFailureAges: [100, 200, 300, 400, 500, 800, 880],
    });
    expect(decision).toEqual({ allowed: false, retryAfterSeconds: LOGIN_LIMITS.windowMinutes * 60 - 500 });
  });

  it('asks to wait at least one second', () => {
    expect(
      decideLoginThrottle({ pairFailureAges: ages(LOGIN_LIMITS.perPair, 899.5, 0), addressFailureAges: [] }),
    ).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });
});

describe('NewPasswordSchema', () => {
  it('rejects short passwords and passwords without a digit or letter', () => {
    for (const p of ['abc123', 'abcdefghijk', '12345678901'])
      expect(NewPasswordSchema.safeParse(p).success).toBe(false);
    expect(NewPasswordSchema.safeParse('绩效闭环2026年好').success).toBe(true);
  });
});
