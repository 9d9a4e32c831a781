import { sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/database.ts';
import { departments, employees, roleAssignments, tenants } from '../../db/schema.ts';
import { TenantScope } from '../../db/tenant-scope.ts';
import { AppError } from '../../http/errors.ts';
import { hashPassword } from '../../shared/crypto.ts';
import { recordAudit } from '../audit/audit.repository.ts';

export type NewTenant = {
  name: string;
  slug: string;
  timeZone?: string;
  admin: { employeeNo: string; name: string; email: string | null; password: string };
};

/**
 * A tenant always starts with its company root department and one admin who holds both
 * HR admin and system admin, so somebody can always sign in and manage it.
 */
export async function createTenant(db: Executor, input: NewTenant) {
  const passwordHash = await hashPassword(input.admin.password);
  const [tenant] = await db
    .insert(tenants)
    .values({ name: input.name, slug: input.slug, timeZone: input.timeZone ?? 'Asia/Shanghai' })
    .returning();
  const scope = new TenantScope(db, tenant!.id);
  const [root] = await db
    .insert(departments)
    .values(scope.values({ name: input.name }))
    .returning();
  const [admin] = await db
    .insert(employees)
    .values(
      scope.values({
        employeeNo: input.admin.employeeNo,
        name: input.admin.name,
        email: input.admin.email?.toLowerCase() ?? null,
        departmentId: root!.id,
        passwordHash,
      }),
    )
    .returning();
  await db
    .insert(roleAssignments)
    .values([
      scope.values({ employeeId: admin!.id, role: 'hr_admin' as const }),
      scope.values({ employeeId: admin!.id, role: 'system_admin' as const }),
    ]);
  await recordAudit(scope, { kind: 'system', name: 'setup' }, [
    {
      action: 'tenant.created',
      entityType: 'tenant',
      entityId: tenant!.id,
      after: { name: input.name, slug: input.slug },
    },
    {
      action: 'employee.created',
      entityType: 'employee',
      entityId: admin!.id,
      after: {
        employeeNo: input.admin.employeeNo,
        name: input.admin.name,
        roles: ['hr_admin', 'system_admin'],
      },
    },
  ]);
  return { tenant: tenant!, root: root!, admin: admin! };
}

export async function countTenants(db: Executor): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(tenants);
  return row?.n ?? 0;
}

/** First-run setup: only while the database has no tenant at all (serialised by a table lock). */
export async function createFirstTenant(db: Db, input: NewTenant) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`lock table tenants in share row exclusive mode`);
    if ((await countTenants(tx)) > 0) throw new AppError('setup.already_done');
    return createTenant(tx, input);
  });
}
