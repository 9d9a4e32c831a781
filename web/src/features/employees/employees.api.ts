import type { Employee } from '@perfloop/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, apiRequest, toQuery } from '../../api/client';

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
      api<{ items: Employee[]; nextCursor: string | null }>(
        `/employees${toQuery({ ...filters, limit: pageSize, cursor: pageParam })}`,
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useEmployee(id: string | undefined) {
  return useQuery({
    queryKey: ['employee', id],
    enabled: !!id,
    queryFn: () => apiRequest<Employee>(`/employees/${id}`),
  });
}
