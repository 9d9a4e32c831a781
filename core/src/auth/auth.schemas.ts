import { z } from 'zod';
import { ROLES } from '../employees/employee.schemas.ts';

export const LoginBodySchema = z.object({
  login: z.string().trim().min(1, 'required').max(254, 'too_long'),
  password: z.string().min(1, 'required').max(200, 'too_long'),
  tenant: z.string().trim().max(64).optional(),
});
export type LoginBody = z.infer<typeof LoginBodySchema>;

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

export const LOGIN_LIMITS = {
  windowMinutes: 15,
  perAccount: 5,
  perAddress: 30,
} as const;

/**
 * Whether another sign-in attempt is allowed, from the failures counted in the window.
 * Returns the seconds to wait when refused.
 */
export function decideLoginThrottle(input: {
  accountFailures: number;
  addressFailures: number;
  oldestFailureAgeSeconds: number;
}): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
  const windowSeconds = LOGIN_LIMITS.windowMinutes * 60;
  if (input.accountFailures >= LOGIN_LIMITS.perAccount || input.addressFailures >= LOGIN_LIMITS.perAddress) {
    return { allowed: false, retryAfterSeconds: Math.max(1, windowSeconds - input.oldestFailureAgeSeconds) };
  }
  return { allowed: true };
}
