import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

export function useUnreadCount() {
  return useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => api('GET /notifications/unread-count').then((r) => r.unreadCount),
    // New notifications come from jobs and other people: refresh the header badge each minute.
    refetchInterval: 60_000,
  });
}
