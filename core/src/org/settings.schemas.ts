import { z } from 'zod';

/** An IANA time zone the runtime knows, e.g. Asia/Shanghai. */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const TenantSettingsSchema = z.object({
  companyName: z.string(),
  timeZone: z.string(),
  version: z.number().int(),
});
export type TenantSettings = z.infer<typeof TenantSettingsSchema>;

export const UpdateTenantSettingsBodySchema = z.object({
  companyName: z.string().trim().min(1, 'required').max(64, 'too_long').optional(),
  timeZone: z.string().trim().max(64, 'too_long').refine(isKnownTimeZone, 'invalid_time_zone').optional(),
});
export type UpdateTenantSettingsBody = z.infer<typeof UpdateTenantSettingsBodySchema>;
