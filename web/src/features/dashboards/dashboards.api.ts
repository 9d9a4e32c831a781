import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

export function useMyDashboard(cycleId: string | undefined) {
  return useQuery({
    queryKey: ['dashboard', 'me', cycleId],
    enabled: !!cycleId,
    queryFn: () => api('GET /dashboards/me', { query: { cycleId } }),
  });
}

export function useTeamDashboard(cycleId: string | undefined) {
  return useQuery({
    queryKey: ['dashboard', 'team', cycleId],
    enabled: !!cycleId,
    queryFn: () => api('GET /dashboards/team', { query: { cycleId } }),
  });
}

export function useDepartmentDashboard(cycleId: string | undefined, departmentId: string | undefined) {
  return useQuery({
    queryKey: ['dashboard', 'department', cycleId, departmentId],
    enabled: !!cycleId && !!departmentId,
    queryFn: () => api('GET /dashboards/department', { query: { cycleId, departmentId } }),
  });
}
