import type { Role } from '@perfloop/core';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../http/actor.ts';
import { forbid, hasAnyRole, headsAnyOf, isHrbpForAnyOf, isPerson, isSelf, isTenantAdmin } from './reach.ts';

const ME = '00000000-0000-4000-8000-00000000000a';
const SALES = '00000000-0000-4000-8000-00000000000b';

const ME_TENANT = '00000000-0000-4000-8000-0000000000ff';

function actor(roles: Role[], overrides: Partial<Actor> = {}): Actor {
  return {
    kind: 'user',
    // Capabilities and reach depend on roles and relations, never on the company's settings.
    tenant: { id: ME_TENANT, name: 't', slug: 't' } as Actor['tenant'],
    employeeId: ME,
    name: 'x',
    roles: new Set<Role>(['employee', ...roles]),
    hrbpDepartmentIds: [],
    scopes: null,
    tokenId: null,
    sessionHash: null,
    ...overrides,
  };
}

describe('reach on one row', () => {
  it('treats HR admins and system admins, and no one else, as reaching the whole tenant', () => {
    expect(isTenantAdmin(actor(['hr_admin']))).toBe(true);
    expect(isTenantAdmin(actor(['system_admin']))).toBe(true);
    expect(isTenantAdmin(actor(['hrbp', 'department_head', 'manager']))).toBe(false);
    expect(hasAnyRole(actor(['manager']), 'hrbp', 'manager')).toBe(true);
  });

  it('knows a person from a service token, and never takes a missing id for oneself', () => {
    const token = actor(['hr_admin'], { kind: 'token', employeeId: null });
    expect(isPerson(actor([]))).toBe(true);
    expect(isPerson(token)).toBe(false);
    expect(isSelf(actor([]), ME)).toBe(true);
    expect(isSelf(token, null)).toBe(false);
  });

  it('finds the caller among the heads and HRBP departments of a department chain', () => {
    expect(headsAnyOf(actor([]), [null, ME])).toBe(true);
    expect(headsAnyOf(actor([], { employeeId: null }), [null])).toBe(false);
    expect(isHrbpForAnyOf(actor(['hrbp'], { hrbpDepartmentIds: [SALES] }), [ME, SALES])).toBe(true);
    expect(isHrbpForAnyOf(actor(['hrbp'], { hrbpDepartmentIds: [SALES] }), [ME])).toBe(false);
  });

  it('refuses with the forbidden problem', () => {
    expect(() => forbid()).toThrow(expect.objectContaining({ code: 'forbidden' }));
  });
});
