import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../api/client';
import { type Params, usePagedList } from '../../api/paged-list';

export function useOneOnOnes(params: Params) {
  return usePagedList('one-on-ones', 'GET /one-on-ones', { limit: 50, ...params });
}

export function useOneOnOne(id: string | undefined) {
  return useQuery({
    queryKey: ['one-on-one', id],
    enabled: !!id,
    queryFn: () => apiRequest('GET /one-on-ones/{id}', { params: { id: id! } }),
  });
}
