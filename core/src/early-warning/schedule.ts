import type { FollowThroughSettings } from '../settings/settings.schemas.ts';

/** The wall-clock date, ISO weekday (1 = Monday … 7 = Sunday) and hour of an instant in a time zone. */
export function localTime(instant: Date, timeZone: string): { date: string; weekday: number; hour: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    weekday: 'short',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    weekday: weekdays.indexOf(get('weekday')) + 1,
    hour: Number(get('hour')),
  };
}

/**
 * Which tenant jobs are due at an instant: the weekly snapshot on the configured weekday from
 * the configured hour on, and the daily reminders from their hour on, each for the local date
 * (the job run claim makes each run once per date, so a check every few minutes is enough and a
 * server that was down at the hour catches up later that day).
 */
export function dueTenantJobs(
  instant: Date,
  timeZone: string,
  settings: Pick<FollowThroughSettings, 'snapshotWeekday' | 'snapshotHour' | 'reminderHour'>,
): { snapshotDate: string | null; remindersDate: string | null } {
  const local = localTime(instant, timeZone);
  return {
    snapshotDate:
      local.weekday === settings.snapshotWeekday && local.hour >= settings.snapshotHour ? local.date : null,
    remindersDate: local.hour >= settings.reminderHour ? local.date : null,
  };
}
