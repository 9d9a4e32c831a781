import { usePagedList } from '../../api/paged-list';

export function useFeedback(box: 'received' | 'sent' | 'team') {
  return usePagedList('feedback', 'GET /feedback', { box, limit: 50 });
}
