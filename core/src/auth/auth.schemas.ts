import { z } from 'zod';
import { ROLES } from '../employees/employee.schemas.ts';

export const LoginBodySchema = z.object({
  login: z.string().trim().min(1, 'required').max(254, 'too_long'),
  password: z.string().min(1, 'required').max(200, 'too_long'),
  tenant: z.string().trim().max(64).optional(),
});
export type LoginBody = z.infer<typeof LoginBodySchema>;

export const LoginResultSchema = z.object({ expiresAt: z.string() });
export type LoginResult = z.infer<typeof LoginResultSchema>;

/** At least 10 characters with a letter and a digit: long enough to resist guessing, easy to type. */
export const NewPasswordSchema = z
  .string()
  .min(10, 'password_weak')
  .max(200, 'too_long')
  .refine((p) => /\p{L}/u.test(p) && /\d/.test(p), 'password_weak');

export const ChangePasswordBodySchema = z.object({
  currentPassword: z.string().min(1, 'required').max(200),
  newPassword: NewPasswordSchema,
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBodySchema>;

export const MeSchema = z.object({
  id: z.uuid(),
  employeeNo: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  roles: z.array(z.enum(ROLES)),
  tenant: z.object({ id: z.uuid(), name: z.string(), slug: z.string(), timeZone: z.string() }),
  locale: z.enum(['zh-CN', 'en-US']),
});
export type Me = z.infer<typeof MeSchema>;

export const TOKEN_SCOPES = ['org:read', 'org:write', 'audit:read', 'goals:read', 'goals:write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const CreateTokenBodySchema = z.object({
  name: z.string().trim().min(1, 'required').max(64, 'too_long'),
  scopes: z.array(z.enum(TOKEN_SCOPES)).min(1, 'required'),
  expiresInDays: z.number().int().min(1).max(730).default(90),
});
export type CreateTokenBody = z.infer<typeof CreateTokenBodySchema>;

export const ApiTokenSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.enum(TOKEN_SCOPES)),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  createdByName: z.string().nullable(),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;

/** A new token: the secret is shown this once. */
export const CreatedApiTokenSchema = ApiTokenSchema.extend({ token: z.string() });
export type CreatedApiToken = z.infer<typeof CreatedApiTokenSchema>;

/**
 * Sign-in throttling, counted in the database (every server process shares it) over a sliding
 * window. Failures are counted per (login, address) pair and per address, never per login alone:
 * a limit on the login alone lets anyone who knows it lock its owner out from everywhere.
 * - `perPair`: wrong passwords for one login from one address. Guessing one person's password
 *   from one place stops after 5 tries; the owner at their own address is not affected.
 * - `perAddress`: failures from one address over every login (password spraying, guessing
 *   logins). High enough that an office behind one NAT address, whose people mistype now and
 *   then, is not shut out by a few dozen typos; the block is for that address only.
 * A refused attempt (429) is not counted, and a success clears its own pair only.
 */
export const LOGIN_LIMITS = {
  windowMinutes: 15,
  perPair: 5,
  perAddress: 50,
} as const;

/**
 * Whether another sign-in attempt is allowed, from the ages (seconds, newest first) of the
 * failures in the window: of this login from this address, and of this address over every login.
 * Only the newest `perPair` / `perAddress` are needed. When refused, says how long until enough
 * failures have left the window for the next attempt to be allowed.
 */
export function decideLoginThrottle(input: {
  pairFailureAges: readonly number[];
  addressFailureAges: readonly number[];
}): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
  const windowSeconds = LOGIN_LIMITS.windowMinutes * 60;
  // With n >= limit failures in a sliding window, the count drops below the limit when the
  // limit-th newest failure leaves it.
  const waitFor = (ages: readonly number[], limit: number) => {
    const age = ages.length >= limit ? ages[limit - 1] : undefined;
    return age === undefined ? 0 : Math.max(1, Math.ceil(windowSeconds - age));
  };
  const retryAfterSeconds = Math.max(
    waitFor(input.pairFailureAges, LOGIN_LIMITS.perPair),
    waitFor(input.addressFailureAges, LOGIN_LIMITS.perAddress),
  );
  return retryAfterSeconds > 0 ? { allowed: false, retryAfterSeconds } : { allowed: true };
}
