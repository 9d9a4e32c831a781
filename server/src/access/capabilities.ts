import type { Capability } from '@perfloop/core';
import type { Actor } from '../http/actor.ts';
import { hasAnyRole, isTenantAdmin } from './reach.ts';

/**
 * The one place that turns roles into capabilities: `GET /me` returns them, the route-access
 * table names them, and the web shows what they allow. Row checks stay in the policies.
 */
export function capabilitiesOf(actor: Actor): readonly Capability[] {
  const admin = isTenantAdmin(actor);
  const signedIn = actor.kind === 'user';
  // Anyone who sees more than themself: their reporting line, departments they head or are HRBP for.
  const seesOthers = admin || hasAnyRole(actor, 'hrbp', 'department_head', 'manager');
  const departmentScoped = admin || hasAnyRole(actor, 'hrbp', 'department_head');
  const granted: [Capability, boolean][] = [
    ['org.view', seesOthers],
    ['org.manage', admin],
    ['roles.system_admin.grant', hasAnyRole(actor, 'system_admin')],
    ['passwords.reset', admin && signedIn],
    ['imports.run', admin],
    ['team.view', seesOthers],
    ['dashboards.department.view', departmentScoped],
    ['dashboards.company.view', admin],
    ['goals.others.set', seesOthers],
    ['goals.department.set', departmentScoped],
    ['goals.company.set', admin],
    ['cycles.manage', admin],
    ['snapshots.manage', admin],
    ['notifications.channels.manage', admin],
    ['audit.read', admin],
    ['tokens.manage', admin && signedIn],
    ['settings.manage', admin && signedIn],
    ['reviews.manage', admin],
    ['reviews.track', seesOthers],
  ];
  return granted.filter(([, allowed]) => allowed).map(([capability]) => capability);
}

export function hasCapability(actor: Actor, capability: Capability): boolean {
  return capabilitiesOf(actor).includes(capability);
}
