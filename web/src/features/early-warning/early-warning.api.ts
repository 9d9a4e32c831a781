import { type Params, usePagedList } from '../../api/paged-list';

export function useAlerts(params: Params, enabled = true) {
  return usePagedList('alerts', 'GET /alerts', { limit: 50, ...params }, enabled);
}
