import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, apiRequest } from '../../api/client';
import { usePagedList } from '../../api/paged-list';

/** HR's review templates, a page at a time; `archived: 'false'` leaves the archived ones out. */
export function useReviewTemplates(params: { archived?: 'true' | 'false' }) {
  return usePagedList('review-templates', 'GET /review-templates', { limit: 50, ...params });
}

/** One template with its ETag, for the If-Match of its next change. */
export function useReviewTemplate(id: string | undefined) {
  return useQuery({
    queryKey: ['review-template', id],
    enabled: !!id,
    queryFn: () => apiRequest('GET /review-templates/{id}', { params: { id: id! } }),
  });
}

/** The built-in default template in the UI's language: what a new template starts from. */
export function useDefaultReviewTemplate(enabled: boolean) {
  const { i18n } = useTranslation();
  return useQuery({
    queryKey: ['review-template-default', i18n.language],
    enabled,
    queryFn: () => api('GET /review-templates/default'),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useInvalidateReviewTemplates() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['review-templates'] }),
      queryClient.invalidateQueries({ queryKey: ['review-template'] }),
    ]);
}
