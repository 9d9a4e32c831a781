import { describe, expect, it } from 'vitest';
import { dueTenantJobs, localTime } from './schedule.ts';

const settings = { snapshotWeekday: 1, snapshotHour: 9, reminderHour: 10 };

describe('localTime', () => {
  it('reads the date, ISO weekday and hour in the zone', () => {
    // 2026-11-22T17:30Z is Monday 01:30 in Shanghai and Sunday 17:30 in UTC.
    expect(localTime(new Date('2026-11-22T17:30:00Z'), 'Asia/Shanghai')).toEqual({
      date: '2026-11-23',
      weekday: 1,
      hour: 1,
    });
    expect(localTime(new Date('2026-11-22T17:30:00Z'), 'UTC')).toEqual({
      date: '2026-11-22',
      weekday: 7,
      hour: 17,
    });
  });
});

describe('dueTenantJobs', () => {
  it('runs the snapshot on the weekday from the hour on, in the tenant zone', () => {
    // Monday 08:59 Shanghai: not yet; 09:00: due for that Monday.
    expect(
      dueTenantJobs(new Date('2026-11-23T00:59:00Z'), 'Asia/Shanghai', settings).snapshotDate,
    ).toBeNull();
    expect(dueTenantJobs(new Date('2026-11-23T01:00:00Z'), 'Asia/Shanghai', settings).snapshotDate).toBe(
      '2026-11-23',
    );
    // The same instant is Sunday evening in New York: nothing.
    expect(
      dueTenantJobs(new Date('2026-11-23T01:00:00Z'), 'America/New_York', settings).snapshotDate,
    ).toBeNull();
    // Tuesday: not the weekday.
    expect(
      dueTenantJobs(new Date('2026-11-24T05:00:00Z'), 'Asia/Shanghai', settings).snapshotDate,
    ).toBeNull();
  });

  it('sends reminders every day from their own hour', () => {
    expect(
      dueTenantJobs(new Date('2026-11-24T01:59:00Z'), 'Asia/Shanghai', settings).remindersDate,
    ).toBeNull();
    expect(dueTenantJobs(new Date('2026-11-24T02:00:00Z'), 'Asia/Shanghai', settings).remindersDate).toBe(
      '2026-11-24',
    );
  });
});
