import type { Role } from '@perfloop/core';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../http/actor.ts';
import { capabilitiesOf } from './capabilities.ts';

const ME_TENANT = '00000000-0000-4000-8000-0000000000ff';

function actorWith(roles: Role[], kind: Actor['kind'] = 'user'): Actor {
  return {
    kind,
    // Capabilities and reach depend on roles and relations, never on the company's settings.
    tenant: { id: ME_TENANT, name: 't', slug: 't' } as Actor['tenant'],
    employeeId: kind === 'user' ? '00000000-0000-4000-8000-000000000002' : null,
    name: 'x',
    roles: new Set<Role>(['employee', ...roles]),
    hrbpDepartmentIds: [],
    scopes: null,
    tokenId: null,
    sessionHash: null,
  };
}

describe('capabilities', () => {
  it('gives an employee without reports nothing beyond their own pages', () => {
    expect(capabilitiesOf(actorWith([]))).toEqual([]);
  });

  it('lets managers see their team and set their goals, but not department dashboards', () => {
    const caps = capabilitiesOf(actorWith(['manager']));
    expect(caps).toEqual(['org.view', 'team.view', 'goals.others.set', 'reviews.track']);
  });

  it('gives heads and HRBPs the department dashboard and department goals', () => {
    for (const role of ['department_head', 'hrbp'] as const) {
      const caps = capabilitiesOf(actorWith([role]));
      expect(caps).toContain('dashboards.department.view');
      expect(caps).toContain('goals.department.set');
      expect(caps).not.toContain('dashboards.company.view');
      expect(caps).not.toContain('org.manage');
    }
  });

  it('gives HR admins the whole tenant, and only system admins the system admin role to grant', () => {
    const hr = capabilitiesOf(actorWith(['hr_admin']));
    expect(hr).toContain('org.manage');
    expect(hr).toContain('settings.manage');
    expect(hr).not.toContain('roles.system_admin.grant');
    expect(capabilitiesOf(actorWith(['system_admin']))).toContain('roles.system_admin.grant');
  });

  it('never lets a token manage tokens, settings or passwords', () => {
    const caps = capabilitiesOf(actorWith(['hr_admin'], 'token'));
    expect(caps).toContain('org.manage');
    expect(caps).not.toContain('tokens.manage');
    expect(caps).not.toContain('settings.manage');
    expect(caps).not.toContain('passwords.reset');
  });
});
