import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiList, apiRequest } from '../../api/client';
import type { ListEndpoint, Query } from '../../api/endpoints';

type Params = Query;

/** A cursor-paged list: the pages so far, flattened, with "load more". */
export function usePagedList<K extends ListEndpoint>(
  key: string,
  endpoint: K,
  params: Params,
  enabled = true,
) {
  const query = useInfiniteQuery({
    queryKey: [key, params],
    enabled,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => apiList(endpoint, { ...params, cursor: pageParam }),
    getNextPageParam: (last) => last.nextCursor ?? null,
    placeholderData: keepPreviousData,
  });
  return { ...query, items: query.data?.pages.flatMap((p) => p.items) ?? [] };
}

export function useMyDashboard(cycleId: string | undefined) {
  return useQuery({
    queryKey: ['dashboard', 'me', cycleId],
    enabled: !!cycleId,
    queryFn: () => api('GET /dashboards/me', { query: { cycleId } }),
  });
}

export function useTeamDashboard(cycleId: string | undefined) {
  return useQuery({
    queryKey: ['dashboard', 'team', cycleId],
    enabled: !!cycleId,
    queryFn: () => api('GET /dashboards/team', { query: { cycleId } }),
  });
}

export function useDepartmentDashboard(cycleId: string | undefined, departmentId: string | undefined) {
  return useQuery({
    queryKey: ['dashboard', 'department', cycleId, departmentId],
    enabled: !!cycleId && !!departmentId,
    queryFn: () => api('GET /dashboards/department', { query: { cycleId, departmentId } }),
  });
}

export function useAlerts(params: Params, enabled = true) {
  return usePagedList('alerts', 'GET /alerts', { limit: 50, ...params }, enabled);
}

export function useFollowUps(params: Params) {
  return usePagedList('follow-ups', 'GET /follow-ups', { limit: 50, ...params });
}

export function useOneOnOnes(params: Params) {
  return usePagedList('one-on-ones', 'GET /one-on-ones', { limit: 50, ...params });
}

export function useOneOnOne(id: string | undefined) {
  return useQuery({
    queryKey: ['one-on-one', id],
    enabled: !!id,
    queryFn: () => apiRequest('GET /one-on-ones/{id}', { params: { id: id! } }),
  });
}

export function useFeedback(box: 'received' | 'sent' | 'team') {
  return usePagedList('feedback', 'GET /feedback', { box, limit: 50 });
}

export function useGapAnalyses(params: Params) {
  return usePagedList('gap-analyses', 'GET /gap-analyses', { limit: 50, ...params });
}

export function useUnreadCount() {
  return useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => api('GET /notifications/unread-count').then((r) => r.unreadCount),
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
