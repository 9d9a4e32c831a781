import type { Capability, Me } from '@perfloop/core';
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

/**
 * Whether the signed-in person may do something: the server decides it from their roles
 * (`me.capabilities`), the web never re-derives it.
 */
export function can(me: Me | null | undefined, capability: Capability): boolean {
  return !!me && me.capabilities.includes(capability);
}
