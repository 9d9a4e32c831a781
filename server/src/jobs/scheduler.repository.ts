import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../db/database.ts';

/** Every tenant's time zone and settings, for the scheduler (a system job across tenants). */
export async function selectTenantSchedules(db: Executor) {
  const result = await db.execute(sql`select id, time_zone, settings from tenants order by id`);
  return rowsOf<{ id: string; time_zone: string; settings: unknown }>(result);
}

export async function findTenantIdBySlug(db: Executor, slug: string): Promise<string | null> {
  const result = await db.execute(sql`select id from tenants where slug = ${slug}`);
  return rowsOf<{ id: string }>(result)[0]?.id ?? null;
}
