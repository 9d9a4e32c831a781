import type { Me } from '@perfloop/core';
import { and, eq } from 'drizzle-orm';
import { capabilitiesOf } from '../../access/capabilities.ts';
import type { Executor } from '../../db/database.ts';
import { employees } from '../../db/schema.ts';
import type { Actor } from '../../http/actor.ts';

export async function findMe(db: Executor, actor: Actor): Promise<Me> {
  const base = {
    roles: [...actor.roles],
    capabilities: [...capabilitiesOf(actor)],
    tenant: {
      id: actor.tenant.id,
      name: actor.tenant.name,
      slug: actor.tenant.slug,
      timeZone: actor.tenant.timeZone,
    },
  };
  if (!actor.employeeId) {
    return {
      ...base,
      id: actor.tokenId ?? '',
      employeeNo: '',
      name: actor.name,
      email: null,
      locale: 'zh-CN',
    };
  }
  const [row] = await db
    .select({
      employeeNo: employees.employeeNo,
      name: employees.name,
      email: employees.email,
      locale: employees.locale,
    })
    .from(employees)
    .where(and(eq(employees.tenantId, actor.tenant.id), eq(employees.id, actor.employeeId)));
  return {
    ...base,
    id: actor.employeeId,
    employeeNo: row?.employeeNo ?? '',
    name: row?.name ?? actor.name,
    email: row?.email ?? null,
    locale: row?.locale === 'en-US' ? 'en-US' : 'zh-CN',
  };
}
