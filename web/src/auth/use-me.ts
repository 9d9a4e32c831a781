import type { Me, Role } from '@perfloop/core';
import { useQuery } from '@tanstack/react-query';
import { ApiError, api } from '../api/client';

export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return await api('GET /me');
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

export function hasRole(me: Me | null | undefined, ...roles: Role[]): boolean {
  return !!me && roles.some((r) => me.roles.includes(r));
}

export function isAdmin(me: Me | null | undefined): boolean {
  return hasRole(me, 'hr_admin', 'system_admin');
}

/** Who may open the organisation pages: anyone who sees more than themself. */
export function canSeeOrganisation(me: Me | null | undefined): boolean {
  return hasRole(me, 'hr_admin', 'system_admin', 'hrbp', 'department_head', 'manager');
}

/** Who may open the department dashboard: heads, HRBPs and HR. */
export function canSeeDepartments(me: Me | null | undefined): boolean {
  return hasRole(me, 'department_head', 'hrbp', 'hr_admin', 'system_admin');
}
