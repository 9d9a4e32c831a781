import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiRequest } from '../../api/client';

export type { GoalDetail, GoalPermissions, RevisionItem } from '@perfloop/core';

export function useGoals(filters: Record<string, string | undefined>, enabled = true) {
  return useQuery({
    queryKey: ['goals', filters],
    enabled,
    queryFn: () => api('GET /goals', { query: { ...filters, limit: 500 } }).then((r) => r.items),
  });
}

export function useGoal(id: string | undefined) {
  return useQuery({
    queryKey: ['goal', id],
    enabled: !!id,
    queryFn: () => apiRequest('GET /goals/{id}', { params: { id: id! } }),
  });
}

export function useGoalVersions(id: string) {
  return useQuery({
    queryKey: ['goal', id, 'versions'],
    queryFn: () => api('GET /goals/{id}/versions', { params: { id } }).then((r) => r.items),
  });
}

export function useCheckIns(keyResultId: string | undefined) {
  return useQuery({
    queryKey: ['check-ins', keyResultId],
    enabled: !!keyResultId,
    queryFn: () =>
      api('GET /key-results/{id}/check-ins', { params: { id: keyResultId! }, query: { limit: 200 } }).then(
        (r) => r.items,
      ),
  });
}

export function useTeamProgress(cycleId: string | undefined, depth: 'direct' | 'all') {
  return useQuery({
    queryKey: ['team-progress', cycleId, depth],
    enabled: !!cycleId,
    queryFn: () => api('GET /goals/team', { query: { cycleId, depth } }).then((r) => r.items),
  });
}

/** One page of one level of the alignment tree: the roots, or the goals aligned to `parentId`. */
export function fetchTreeLevel(cycleId: string, parentId: string | undefined, cursor?: string | null) {
  return api('GET /goals/tree', { query: { cycleId, parentId, cursor, limit: 100 } });
}

/** The roots of the alignment tree, a page at a time; the levels below load as they are opened. */
export function useAlignmentRoots(cycleId: string | undefined) {
  return useInfiniteQuery({
    queryKey: ['goal-tree', cycleId],
    enabled: !!cycleId,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => fetchTreeLevel(cycleId!, undefined, pageParam),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useApprovals() {
  return useQuery({
    queryKey: ['approvals'],
    queryFn: () => api('GET /approvals'),
    // Other people fill this inbox: always refetch when shown, and refresh the header badge each minute.
    staleTime: 0,
    refetchInterval: 60_000,
  });
}

/** After any goal change: every goal view refreshes. */
export function useInvalidateGoals() {
  const client = useQueryClient();
  return () =>
    Promise.all(
      ['goals', 'goal', 'team-progress', 'goal-tree', 'approvals', 'check-ins', 'cycles'].map((key) =>
        client.invalidateQueries({ queryKey: [key] }),
      ),
    );
}
