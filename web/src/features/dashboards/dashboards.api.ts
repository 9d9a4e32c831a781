import type { DepartmentDashboard, MyDashboard, TeamDashboard } from '@perfloop/core';
import { useQuery } from '@tanstack/react-query';
import { api, toQuery } from '../../api/client';

export function useMyDashboard(cycleId: string | undefined) {
  return useQuery({
    queryKey: ['dashboard', 'me', cycleId],
    enabled: !!cycleId,
    queryFn: () => api<MyDashboard>(`/dashboards/me${toQuery({ cycleId })}`),
  });
}

export function useTeamDashboard(cycleId: string | undefined) {
  return useQuery({
    queryKey: ['dashboard', 'team', cycleId],
    enabled: !!cycleId,
    queryFn: () => api<TeamDashboard>(`/dashboards/team${toQuery({ cycleId })}`),
  });
}

export function useDepartmentDashboard(cycleId: string | undefined, departmentId: string | undefined) {
  return useQuery({
    queryKey: ['dashboard', 'department', cycleId, departmentId],
    enabled: !!cycleId && !!departmentId,
    queryFn: () => api<DepartmentDashboard>(`/dashboards/department${toQuery({ cycleId, departmentId })}`),
  });
}
