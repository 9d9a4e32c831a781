import { useQueryClient } from '@tanstack/react-query';
import { usePagedList } from '../../api/paged-list';

export type KeyEventFilters = {
  employeeId?: string;
  cycleId?: string;
  polarity?: 'positive' | 'negative';
};

/** Key events the caller may read, the newest occurrence first, a page of 50 at a time. */
export function useKeyEvents(filters: KeyEventFilters) {
  return usePagedList('key-events', 'GET /key-events', { limit: 50, ...filters });
}

/** After recording, changing or deleting a key event: every list of them refreshes. */
export function useInvalidateKeyEvents() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['key-events'] });
}
