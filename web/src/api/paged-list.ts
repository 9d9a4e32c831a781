import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { apiList } from './client';
import type { ListEndpoint, Query } from './endpoints';

export type Params = Query;

/** A cursor-paged list: the pages so far, flattened, with "load more". */
export function usePagedList<K extends ListEndpoint>(
  key: string,
  endpoint: K,
  params: Params,
  enabled = true,
) {
  const query = useInfiniteQuery({
    queryKey: [key, params],
    enabled,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => apiList(endpoint, { ...params, cursor: pageParam }),
    getNextPageParam: (last) => last.nextCursor ?? null,
    placeholderData: keepPreviousData,
  });
  return { ...query, items: query.data?.pages.flatMap((p) => p.items) ?? [] };
}
