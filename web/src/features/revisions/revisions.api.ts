import type { Revision } from '@perfloop/core';
import { useQuery } from '@tanstack/react-query';
import { api, toQuery } from '../../api/client';

export type RevisionItem = Revision & { canDecide: boolean };

export function useGoalRevisions(goalId: string) {
  return useQuery({
    queryKey: ['goal', goalId, 'revisions'],
    queryFn: () =>
      api<{ items: RevisionItem[] }>(`/goal-revisions${toQuery({ goalId, limit: 100 })}`).then(
        (r) => r.items,
      ),
  });
}
