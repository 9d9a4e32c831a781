import type { Alert } from '@perfloop/core';
import { type Params, usePagedList } from '../../api/paged-list';

export function useAlerts(params: Params, enabled = true) {
  return usePagedList<Alert>('alerts', '/alerts', { limit: 50, ...params }, enabled);
}
