import { sql } from 'drizzle-orm';
import { rowsOf } from '../src/db/database.ts';
import { tenantTables } from './fuzz-world.ts';
import type { getTestApp } from './helpers.ts';

type Database = Awaited<ReturnType<typeof getTestApp>>['database'];

/**
 * Tells whether a request stored anything in the fuzzed tenants.
 *
 * Per tenant table: the row count and the newest transaction id among the rows (`xmin`). A
 * committed insert or update leaves a row whose xmin is newer than every row before it; a delete
 * lowers the count; so any committed change moves one of the two. Reading them all costs a scan of
 * each table, so it is done only when the database's next transaction id has moved since the last
 * look (read-only requests never take one).
 */
export class StoreWatch {
  private xmax = '';
  private fingerprint = new Map<string, string>();
  private statement: ReturnType<typeof sql.raw> | null = null;

  constructor(
    private readonly database: Database,
    private readonly tenantIds: string[],
  ) {}

  private async nextXid(): Promise<string> {
    const [row] = rowsOf<{ x: string }>(
      await this.database.db.execute(sql`select pg_snapshot_xmax(pg_current_snapshot())::text as x`),
    );
    return row!.x;
  }

  private async read(): Promise<Map<string, string>> {
    if (!this.statement) {
      const ids = this.tenantIds.map((id) => `'${id.replace(/[^0-9a-f-]/g, '')}'::uuid`).join(',');
      const parts = (await tenantTables(this.database)).map(
        ({ table }) =>
          `select '${table}' as t, count(*)::text || ':' || coalesce(max(xmin::text::bigint), 0)::text as f from "${table}" where tenant_id in (${ids})`,
      );
      parts.push(
        `select 'tenants' as t, count(*)::text || ':' || coalesce(max(xmin::text::bigint), 0)::text as f from tenants where id in (${ids})`,
      );
      this.statement = sql.raw(parts.join(' union all '));
    }
    const rows = rowsOf<{ t: string; f: string }>(await this.database.db.execute(this.statement));
    return new Map(rows.map((r) => [r.t, r.f]));
  }

  /** Takes the current state as the reference (after setup, or after anything done outside a request). */
  async sync() {
    this.fingerprint = await this.read();
    this.xmax = await this.nextXid();
  }

  /** The tables that changed since the last look, and makes the current state the reference. */
  async changes(): Promise<string[]> {
    const xmax = await this.nextXid();
    if (xmax === this.xmax) return [];
    const now = await this.read();
    const changed = [...now].filter(([t, f]) => this.fingerprint.get(t) !== f).map(([t]) => t);
    this.fingerprint = now;
    this.xmax = await this.nextXid();
    return changed;
  }

  /** Waits for background work a request started (an import runs after its answer) to finish. */
  async settle() {
    const ids = this.tenantIds.map((id) => `'${id.replace(/[^0-9a-f-]/g, '')}'::uuid`).join(',');
    for (let i = 0; i < 400; i++) {
      const [row] = rowsOf<{ n: number }>(
        await this.database.db.execute(
          sql.raw(
            `select count(*)::int as n from import_jobs where status = 'running' and tenant_id in (${ids})`,
          ),
        ),
      );
      if (!row?.n) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
