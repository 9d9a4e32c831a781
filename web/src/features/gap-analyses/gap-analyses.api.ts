import type { GapAnalysis } from '@perfloop/core';
import { type Params, usePagedList } from '../../api/paged-list';

export function useGapAnalyses(params: Params) {
  return usePagedList<GapAnalysis>('gap-analyses', '/gap-analyses', { limit: 50, ...params });
}
