import { useQueryClient } from '@tanstack/react-query';
import { type Params, usePagedList } from '../../api/paged-list';

export function useFollowUps(params: Params) {
  return usePagedList('follow-ups', 'GET /follow-ups', { limit: 50, ...params });
}

/** After a follow-through change: every list and dashboard that shows it refreshes. */
export function useInvalidateFollowThrough() {
  const client = useQueryClient();
  return () =>
    Promise.all(
      ['follow-ups', 'one-on-ones', 'one-on-one', 'dashboard', 'alerts', 'feedback', 'gap-analyses'].map(
        (key) => client.invalidateQueries({ queryKey: [key] }),
      ),
    );
}
