import type { FinalAnswers, MidAnswers, NominationBody, NominationStatus } from '@perfloop/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiRequest } from '../../api/client';
import { usePagedList } from '../../api/paged-list';
import { etagOf } from './review-form';

/** The reviews I must write (all rounds, every status). */
export function useMyReviews() {
  return usePagedList('my-reviews', 'GET /reviews', { limit: 100 });
}

/** `mine`: my own nominations in open rounds; `team`: those waiting for me to approve. */
export function useNominations(box: 'mine' | 'team', status?: NominationStatus, enabled = true) {
  return usePagedList('nominations', 'GET /nominations', { box, status, limit: 100 }, enabled);
}

/**
 * One review with the version to write it with. Read once: the form keeps its own copy while
 * the reviewer types, so nothing refetches it behind their back (a reload does, on purpose), and
 * the copy is dropped with the page, so a later visit reads the version the drafts left.
 */
export function useReview(id: string | undefined) {
  return useQuery({
    queryKey: ['review', id],
    enabled: !!id,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    queryFn: async () => {
      const { data, etag } = await apiRequest('GET /reviews/{id}', { params: { id: id! } });
      return { review: data, etag: etag ?? etagOf(data.version) };
    },
  });
}

export function useReviewEvidence(id: string | undefined) {
  return useQuery({
    queryKey: ['review-evidence', id],
    enabled: !!id,
    queryFn: () => api('GET /reviews/{id}/evidence', { params: { id: id! } }),
  });
}

export function useNomination(reviewCycleId: string | undefined, employeeId: string | undefined) {
  return useQuery({
    queryKey: ['nomination', reviewCycleId, employeeId],
    enabled: !!reviewCycleId && !!employeeId,
    queryFn: async () => {
      const { data, etag } = await apiRequest('GET /review-cycles/{id}/nominations/{employeeId}', {
        params: { id: reviewCycleId!, employeeId: employeeId! },
      });
      return { nomination: data, etag: etag ?? etagOf(data.version) };
    },
  });
}

type Answers = FinalAnswers | MidAnswers;

/** Saves a draft; resolves with the version to send next. */
export async function saveReviewDraft(id: string, answers: Answers, ifMatch: string): Promise<string> {
  const review = await api('PUT /reviews/{id}', { params: { id }, body: { answers }, ifMatch });
  return etagOf(review.version);
}

export function submitReview(id: string, answers: Answers, ifMatch: string) {
  return api('POST /reviews/{id}/submit', { params: { id }, body: { answers }, ifMatch });
}

export function planToFollowUp(id: string, planIndex: number) {
  return api('POST /reviews/{id}/follow-ups', { params: { id }, body: { planIndex } });
}

export function submitNomination(
  reviewCycleId: string,
  employeeId: string,
  body: NominationBody,
  ifMatch: string,
) {
  return api('PUT /review-cycles/{id}/nominations/{employeeId}', {
    params: { id: reviewCycleId, employeeId },
    body,
    ifMatch,
  });
}

export function approveNomination(
  reviewCycleId: string,
  employeeId: string,
  body: NominationBody,
  ifMatch: string,
) {
  return api('POST /review-cycles/{id}/nominations/{employeeId}/approve', {
    params: { id: reviewCycleId, employeeId },
    body,
    ifMatch,
  });
}

/**
 * After a review or nomination changed: the lists that show it refresh (the page that changed it
 * holds the server's answer already).
 */
export function useInvalidateReviews() {
  const client = useQueryClient();
  return () =>
    Promise.all(['my-reviews', 'nominations'].map((key) => client.invalidateQueries({ queryKey: [key] })));
}
