import type { Page, RaterType, ReviewStatus, ReviewTemplate, TrackedReview } from '@perfloop/core';
import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from '../../api/client';
import { usePagedList } from '../../api/paged-list';

/** Every query of this file starts with this key, so one invalidation refreshes a round everywhere. */
const KEY = 'review-cycles';
const PAGE_SIZE = 50;

/** Review rounds, of one performance cycle or all. */
export function useReviewCycles(cycleId: string | undefined) {
  return usePagedList(KEY, 'GET /review-cycles', { cycleId, limit: PAGE_SIZE });
}

export function useReviewCycle(id: string | undefined) {
  return useQuery({
    queryKey: [KEY, id],
    enabled: !!id,
    queryFn: () => api('GET /review-cycles/{id}', { params: { id: id! } }),
  });
}

export function useReviewProgress(id: string, enabled: boolean) {
  return useQuery({
    queryKey: [KEY, id, 'progress'],
    enabled,
    queryFn: () => api('GET /review-cycles/{id}/progress', { params: { id }, query: {} }),
  });
}

export type TrackedReviewFilters = {
  status?: ReviewStatus;
  late?: 'true' | 'false';
  raterType?: RaterType;
  departmentId?: string;
};

/** The reviews of a round in the caller's reach, with filters, a page at a time. */
export function useTrackedReviews(id: string, filters: TrackedReviewFilters, enabled: boolean) {
  const query = useInfiniteQuery({
    queryKey: [KEY, id, 'reviews', filters],
    enabled,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      api('GET /review-cycles/{id}/reviews', {
        params: { id },
        query: { ...filters, limit: PAGE_SIZE, cursor: pageParam },
      }),
    getNextPageParam: (last) => last.nextCursor ?? null,
    placeholderData: keepPreviousData,
  });
  return { ...query, items: query.data?.pages.flatMap((p) => p.items) ?? [] };
}

/** The largest `reviewIds` a reminder takes (RemindBodySchema). */
export const MAX_REMINDED = 1000;

/**
 * Ids of the late reviews not yet submitted in the caller's reach (at most `MAX_REMINDED`), read
 * page by page: "remind all late" must not remind people who are merely not done before their deadline.
 */
export async function fetchLateReviewIds(id: string, filters: TrackedReviewFilters): Promise<string[]> {
  const ids = new Set<string>();
  let cursor: string | null = null;
  do {
    const page: Page<TrackedReview> = await api('GET /review-cycles/{id}/reviews', {
      params: { id },
      query: { ...filters, late: 'true', limit: 200, cursor },
    });
    for (const r of page.items) if (r.late && r.status !== 'submitted') ids.add(r.id);
    cursor = page.nextCursor;
  } while (cursor && ids.size < MAX_REMINDED);
  return [...ids].slice(0, MAX_REMINDED);
}

/** The people reviewed in a round, searched by name, a page at a time. */
export function useParticipants(id: string, q: string, enabled: boolean) {
  const query = useInfiniteQuery({
    queryKey: [KEY, id, 'participants', q],
    enabled,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      api('GET /review-cycles/{id}/participants', {
        params: { id },
        query: { q, limit: PAGE_SIZE, cursor: pageParam },
      }),
    getNextPageParam: (last) => last.nextCursor ?? null,
    placeholderData: keepPreviousData,
  });
  return { ...query, items: query.data?.pages.flatMap((p) => p.items) ?? [] };
}

export function useParticipantResult(id: string | undefined, employeeId: string | undefined) {
  return useQuery({
    queryKey: [KEY, id, 'participants', 'result', employeeId],
    enabled: !!id && !!employeeId,
    queryFn: () =>
      api('GET /review-cycles/{id}/participants/{employeeId}', {
        params: { id: id!, employeeId: employeeId! },
      }),
  });
}

async function fetchTemplates(archived: 'true' | 'false'): Promise<ReviewTemplate[]> {
  const items: ReviewTemplate[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<ReviewTemplate> = await api('GET /review-templates', {
      query: { archived, limit: 100, cursor },
    });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** Templates a final round's populations may use (HR only: the caller holds `reviews.manage`). */
export function useTemplateChoices(enabled: boolean) {
  return useQuery({
    queryKey: [KEY, 'templates', 'current'],
    enabled,
    queryFn: () => fetchTemplates('false'),
  });
}

/** Every template, archived ones too, for what a launched round used (HR only). */
export function useAllTemplates(enabled: boolean) {
  return useQuery({
    queryKey: [KEY, 'templates', 'all'],
    enabled,
    queryFn: async () => [...(await fetchTemplates('false')), ...(await fetchTemplates('true'))],
  });
}

/** Refreshes every review-round query (lists, a round, its progress, reviews and people). */
export function useInvalidateReviewCycles() {
  const client = useQueryClient();
  return useCallback(() => client.invalidateQueries({ queryKey: [KEY] }), [client]);
}
