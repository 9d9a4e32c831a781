import { type Params, usePagedList } from '../../api/paged-list';

export function useGapAnalyses(params: Params) {
  return usePagedList('gap-analyses', 'GET /gap-analyses', { limit: 50, ...params });
}
