import type { Cycle } from '@perfloop/core';
import { dateInTimeZone, dayNumber } from '@perfloop/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

export function useCycles() {
  return useQuery({
    queryKey: ['cycles'],
    queryFn: () => api('GET /cycles', { query: { limit: 200 } }).then((r) => r.items),
  });
}

/** The cycle people mean by "now": open and containing today, else the latest open, else the latest. */
export function pickCurrentCycle(cycles: readonly Cycle[], timeZone: string): Cycle | undefined {
  const today = dayNumber(dateInTimeZone(new Date(), timeZone));
  const open = cycles.filter((c) => c.status === 'open');
  return (
    open.find((c) => dayNumber(c.startDate) <= today && today <= dayNumber(c.endDate)) ?? open[0] ?? cycles[0]
  );
}
