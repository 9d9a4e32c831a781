import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { departments, employees, roleAssignments, tenants } from '../../db/schema.ts';
import { TenantScope } from '../../db/tenant-scope.ts';

/** A new tenant's rows: the tenant, its company root department, and its admin with both admin roles. */
export async function insertTenantWithAdmin(
  db: Executor,
  input: {
    name: string;
    slug: string;
    timeZone: string;
    admin: { employeeNo: string; name: string; email: string | null; passwordHash: string };
  },
) {
  const [tenant] = await db
    .insert(tenants)
    .values({ name: input.name, slug: input.slug, timeZone: input.timeZone })
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
        email: input.admin.email,
        departmentId: root!.id,
        passwordHash: input.admin.passwordHash,
      }),
    )
    .returning();
  await db
    .insert(roleAssignments)
    .values([
      scope.values({ employeeId: admin!.id, role: 'hr_admin' as const }),
      scope.values({ employeeId: admin!.id, role: 'system_admin' as const }),
    ]);
  return { scope, tenant: tenant!, root: root!, admin: admin! };
}

export async function countTenants(db: Executor): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(tenants);
  return row?.n ?? 0;
}

/** Serialises first-run setups until the transaction ends (readers go on). */
export async function lockTenants(tx: Executor): Promise<void> {
  await tx.execute(sql`lock table tenants in share row exclusive mode`);
}
