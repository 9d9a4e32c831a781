import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, apiRequest } from '../../api/client';

export type EmployeeFilters = {
  q?: string;
  departmentId?: string;
  includeSubDepartments?: boolean;
  managerId?: string;
  status?: 'active' | 'left' | 'all';
  sort?: string;
};

export function useEmployees(filters: EmployeeFilters, pageSize = 50) {
  return useInfiniteQuery({
    queryKey: ['employees', filters, pageSize],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      api('GET /employees', { query: { ...filters, limit: pageSize, cursor: pageParam } }),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useEmployee(id: string | undefined) {
  return useQuery({
    queryKey: ['employee', id],
    enabled: !!id,
    queryFn: () => apiRequest('GET /employees/{id}', { params: { id: id! } }),
  });
}
