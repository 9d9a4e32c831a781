import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/database.ts';
import type { TenantScope } from '../db/tenant-scope.ts';
import type { Actor } from '../http/actor.ts';
import { scopedDepartments } from './visibility.sql.ts';

/*
 * Visibility questions that run a statement, for services (which build no SQL of their own); the
 * predicates they use are in visibility.sql.ts, for repositories.
 */

/** Whether a department is among those the actor heads or is HRBP for (with sub-departments). */
export async function isInScopedDepartments(scope: TenantScope, actor: Actor, departmentId: string) {
  const result = await scope.db.execute(
    sql`select ${departmentId}::uuid in (${scopedDepartments(scope.tenantId, actor)}) as found`,
  );
  return rowsOf<{ found: boolean }>(result)[0]?.found ?? false;
}
