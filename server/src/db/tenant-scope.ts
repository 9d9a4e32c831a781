import { and, eq, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Executor } from './database.ts';

type TenantTable = { tenantId: PgColumn };

/**
 * The one place tenant scoping happens: repositories get a scope, never a bare tenant id,
 * and build every WHERE through `where()` and every insert through `values()`.
 */
export class TenantScope {
  constructor(
    readonly db: Executor,
    readonly tenantId: string,
  ) {}

  where(table: TenantTable, ...conditions: (SQL | undefined)[]): SQL {
    return and(eq(table.tenantId, this.tenantId), ...conditions) as SQL;
  }

  values<T extends object>(row: T): T & { tenantId: string } {
    return { ...row, tenantId: this.tenantId };
  }

  /** The same scope on another executor (a transaction). */
  with(db: Executor): TenantScope {
    return new TenantScope(db, this.tenantId);
  }
}
