import type {
  Alert,
  DepartmentDashboard,
  Feedback,
  FollowUp,
  GapAnalysis,
  MyDashboard,
  OneOnOne,
  TeamDashboard,
} from '@perfloop/core';
import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiRequest, toQuery } from '../../api/client';

export type Page<T> = { items: T[]; nextCursor: string | null };
type Params = Record<string, string | number | boolean | undefined | null>;

/** A cursor-paged list: the pages so far, flattened, with "load more". */
export function usePagedList<T>(key: string, path: string, params: Params, enabled = true) {
  const query = useInfiniteQuery({
    queryKey: [key, params],
    enabled,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api<Page<T>>(`${path}${toQuery({ ...params, cursor: pageParam })}`),
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  return { ...query, items: query.data?.pages.flatMap((p) => p.items) ?? [] };
}

export function useMyDashboard(cycleId: string | undefined) {
  return useQuery({
    queryKey: ['dashboard', 'me', cycleId],
    enabled: !!cycleId,
    queryFn: () => api<MyDashboard>(`/dashboards/me${toQuery({ cycleId })}`),
  });
}

export function useTeamDashboard(cycleId: string | undefined) {
  return useQuery({
    queryKey: ['dashboard', 'team', cycleId],
    enabled: !!cycleId,
    queryFn: () => api<TeamDashboard>(`/dashboards/team${toQuery({ cycleId })}`),
  });
}

export function useDepartmentDashboard(cycleId: string | undefined, departmentId: string | undefined) {
  return useQuery({
    queryKey: ['dashboard', 'department', cycleId, departmentId],
    enabled: !!cycleId && !!departmentId,
    queryFn: () => api<DepartmentDashboard>(`/dashboards/department${toQuery({ cycleId, departmentId })}`),
  });
}

export function useAlerts(params: Params, enabled = true) {
  return usePagedList<Alert>('alerts', '/alerts', { limit: 50, ...params }, enabled);
}

export function useFollowUps(params: Params) {
  return usePagedList<FollowUp>('follow-ups', '/follow-ups', { limit: 50, ...params });
}

export function useOneOnOnes(params: Params) {
  return usePagedList<OneOnOne>('one-on-ones', '/one-on-ones', { limit: 50, ...params });
}

export function useOneOnOne(id: string | undefined) {
  return useQuery({
    queryKey: ['one-on-one', id],
    enabled: !!id,
    queryFn: () => apiRequest<OneOnOne>(`/one-on-ones/${id}`),
  });
}

export function useFeedback(box: 'received' | 'sent' | 'team') {
  return usePagedList<Feedback>('feedback', '/feedback', { box, limit: 50 });
}

export function useGapAnalyses(params: Params) {
  return usePagedList<GapAnalysis>('gap-analyses', '/gap-analyses', { limit: 50, ...params });
}

export function useUnreadCount() {
  return useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => api<{ unreadCount: number }>('/notifications/unread-count').then((r) => r.unreadCount),
    // New notifications come from jobs and other people: refresh the header badge each minute.
    refetchInterval: 60_000,
  });
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
