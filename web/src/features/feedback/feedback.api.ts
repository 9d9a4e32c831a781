import type { Feedback } from '@perfloop/core';
import { usePagedList } from '../../api/paged-list';

export function useFeedback(box: 'received' | 'sent' | 'team') {
  return usePagedList<Feedback>('feedback', '/feedback', { box, limit: 50 });
}
