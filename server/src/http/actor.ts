import type { GoalSettings, Role, TokenScope } from '@perfloop/core';
import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

export type TenantInfo = {
  id: string;
  name: string;
  slug: string;
  timeZone: string;
  /** Read with the session in the same statement, so goal reads need no settings query of their own. */
  goalSettings: GoalSettings;
  /** The company's pace threshold (§3; a cycle may set its own): what "behind" means on every page. */
  paceThreshold: number;
};

/** Who is calling: a signed-in person or an API token, always inside exactly one tenant. */
export type Actor = {
  kind: 'user' | 'token';
  tenant: TenantInfo;
  /** The person; null for a service token. */
  employeeId: string | null;
  name: string;
  roles: ReadonlySet<Role>;
  hrbpDepartmentIds: readonly string[];
  /** Token scopes; null for people, whose reach is their roles. */
  scopes: ReadonlySet<TokenScope> | null;
  tokenId: string | null;
  sessionHash: string | null;
};

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** The actor cache's count of this process's changes when the request came in. */
    actorChangesMark: number;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in. */
    isPublic?: boolean;
    /** Token scope a bearer token needs for this route (people are checked by policy). */
    scope?: TokenScope;
  }
}

export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('auth.unauthenticated');
  return request.actor;
}

export function hasAnyRole(actor: Actor, ...roles: Role[]): boolean {
  return roles.some((r) => actor.roles.has(r));
}

/** HR admins and system admins see and change the whole tenant. */
export function isTenantAdmin(actor: Actor): boolean {
  return hasAnyRole(actor, 'hr_admin', 'system_admin');
}

export function forbid(): never {
  throw new AppError('forbidden');
}
