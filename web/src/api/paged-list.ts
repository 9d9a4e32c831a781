import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { api, toQuery } from './client';

export type Page<T> = { items: T[]; nextCursor: string | null };
export type Params = Record<string, string | number | boolean | undefined | null>;

/** A cursor-paged list: the pages so far, flattened, with "load more". */
export function usePagedList<T>(key: string, path: string, params: Params, enabled = true) {
  const query = useInfiniteQuery({
    queryKey: [key, params],
    enabled,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api<Page<T>>(`${path}${toQuery({ ...params, cursor: pageParam })}`),
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  return { ...query, items: query.data?.pages.flatMap((p) => p.items) ?? [] };
}
