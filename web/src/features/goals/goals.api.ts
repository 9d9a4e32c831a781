import type {
  AlignmentTreePage,
  CheckIn,
  Goal,
  GoalVersion,
  SmartWarning,
  TeamMemberProgress,
} from '@perfloop/core';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiRequest, toQuery } from '../../api/client';
import type { RevisionItem } from '../revisions/revisions.api';

export type GoalPermissions = {
  canEdit: boolean;
  canSubmit: boolean;
  canApprove: boolean;
  canCheckIn: boolean;
  canRequestRevision: boolean;
};
export type GoalDetail = Goal & { permissions: GoalPermissions; warnings: SmartWarning[] };

export function useGoals(filters: Record<string, string | undefined>, enabled = true) {
  return useQuery({
    queryKey: ['goals', filters],
    enabled,
    queryFn: () =>
      api<{ items: Goal[] }>(`/goals${toQuery({ ...filters, limit: 500 })}`).then((r) => r.items),
  });
}

export function useGoal(id: string | undefined) {
  return useQuery({
    queryKey: ['goal', id],
    enabled: !!id,
    queryFn: () => apiRequest<GoalDetail>(`/goals/${id}`),
  });
}

export function useGoalVersions(id: string) {
  return useQuery({
    queryKey: ['goal', id, 'versions'],
    queryFn: () => api<{ items: GoalVersion[] }>(`/goals/${id}/versions`).then((r) => r.items),
  });
}

export function useCheckIns(keyResultId: string | undefined) {
  return useQuery({
    queryKey: ['check-ins', keyResultId],
    enabled: !!keyResultId,
    queryFn: () =>
      api<{ items: CheckIn[] }>(`/key-results/${keyResultId}/check-ins?limit=200`).then((r) => r.items),
  });
}

export function useTeamProgress(cycleId: string | undefined, depth: 'direct' | 'all') {
  return useQuery({
    queryKey: ['team-progress', cycleId, depth],
    enabled: !!cycleId,
    queryFn: () =>
      api<{ items: TeamMemberProgress[] }>(`/goals/team${toQuery({ cycleId, depth })}`).then((r) => r.items),
  });
}

/** One page of one level of the alignment tree: the roots, or the goals aligned to `parentId`. */
export function fetchTreeLevel(cycleId: string, parentId: string | undefined, cursor?: string | null) {
  return api<AlignmentTreePage>(`/goals/tree${toQuery({ cycleId, parentId, cursor, limit: 100 })}`);
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
    queryFn: () => api<{ goals: Goal[]; revisions: RevisionItem[] }>('/approvals'),
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
