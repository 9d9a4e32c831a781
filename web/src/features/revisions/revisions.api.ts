import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

export type { RevisionItem } from '@perfloop/core';

export function useGoalRevisions(goalId: string) {
  return useQuery({
    queryKey: ['goal', goalId, 'revisions'],
    queryFn: () => api('GET /goal-revisions', { query: { goalId, limit: 100 } }).then((r) => r.items),
  });
}
