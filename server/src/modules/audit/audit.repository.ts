import { and, desc, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import { afterCursor, type Keyset, pageOf } from '../../db/keyset.ts';
import { auditEvents } from '../../db/schema.ts';
import type { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
};

/** Who did it, for the audit row: a person, a token, or the system (seeding, jobs). */
export type AuditActor =
  | Pick<Actor, 'kind' | 'employeeId' | 'name' | 'tokenId'>
  | { kind: 'system'; name: string };

function actorIdOf(actor: AuditActor): string | null {
  return actor.kind === 'user' ? actor.employeeId : actor.kind === 'token' ? actor.tokenId : null;
}

/** Writes audit rows on the scope's executor, so they commit or roll back with the change. */
export async function recordAudit(
  scope: TenantScope,
  actor: AuditActor,
  entries: AuditEntry | AuditEntry[],
  requestId?: string,
) {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  // One statement per 5,000 rows, the rows as one JSON parameter: an import audits thousands at once.
  for (let i = 0; i < list.length; i += 5000) {
    const rows = list.slice(i, i + 5000).map((e, n) => ({
      n,
      action: e.action,
      entity_type: e.entityType,
      entity_id: e.entityId,
      before: e.before ?? null,
      after: e.after ?? null,
    }));
    await scope.db.execute(sql`
      insert into audit_events (tenant_id, actor_id, actor_name, actor_kind, action, entity_type, entity_id,
        before, after, request_id)
      select ${scope.tenantId}, ${actorIdOf(actor)}::uuid, ${actor.name}, ${actor.kind}, x.action, x.entity_type,
        x.entity_id, x.before, x.after, ${requestId ?? null}
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as x(n int, action text, entity_type text, entity_id text, before jsonb, after jsonb)
      order by x.n`);
  }
}

/**
 * recordAudit inside the statement that makes the change (a data-modifying CTE): one row for each
 * row of `from`, whose `after` is an expression over it (an id the change just made), so a single
 * statement commits the change and its audit row together.
 */
export function auditRowFrom(
  scope: TenantScope,
  actor: AuditActor,
  entry: Omit<AuditEntry, 'after'> & { after: SQL },
  requestId: string | undefined,
  from: SQL,
): SQL {
  return sql`insert into audit_events (tenant_id, actor_id, actor_name, actor_kind, action, entity_type, entity_id,
      before, after, request_id)
    select ${scope.tenantId}, ${actorIdOf(actor)}::uuid, ${actor.name}, ${actor.kind}, ${entry.action},
      ${entry.entityType}, ${entry.entityId},
      ${entry.before === undefined ? null : JSON.stringify(entry.before)}::jsonb, ${entry.after},
      ${requestId ?? null}::text
    from ${from}`;
}

export type AuditFilter = {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit: number;
  /**
   * The reader: rows about the reviews of them (but their own self review) and about their
   * nominations are left out. An HR admin reads the audit log and may be a ratee; the actor of a
   * review's row is its reviewer (§6: the ratee never learns who reviewed them).
   */
  readerId?: string | null;
};

/** Newest first; the id is the order events were recorded in. */
const AUDIT_KEYSET: Keyset<{ id: number }> = {
  parts: [{ column: sql`${auditEvents.id}`, kind: 'integer', of: (e) => e.id }],
  descending: true,
};

export async function listAuditEvents(scope: TenantScope, f: AuditFilter) {
  const conditions: (SQL | undefined)[] = [
    f.entityType ? eq(auditEvents.entityType, f.entityType) : undefined,
    f.entityId ? eq(auditEvents.entityId, f.entityId) : undefined,
    f.actorId ? eq(auditEvents.actorId, f.actorId) : undefined,
    f.action ? eq(auditEvents.action, f.action) : undefined,
    f.from ? gte(auditEvents.at, f.from) : undefined,
    f.to ? lte(auditEvents.at, f.to) : undefined,
    afterCursor(AUDIT_KEYSET, f.cursor),
    f.readerId
      ? sql`not (${auditEvents.entityType} in ('review', 'review_participant') and (
          exists (select 1 from reviews r where r.tenant_id = ${auditEvents.tenantId}
            and r.id::text = ${auditEvents.entityId} and r.ratee_id = ${f.readerId} and r.rater_type <> 'self')
          or exists (select 1 from review_participants p where p.tenant_id = ${auditEvents.tenantId}
            and p.id::text = ${auditEvents.entityId} and p.employee_id = ${f.readerId})))`
      : undefined,
  ];
  const rows = await scope.db
    .select()
    .from(auditEvents)
    .where(scope.where(auditEvents, and(...conditions)))
    .orderBy(desc(auditEvents.id))
    .limit(f.limit + 1);
  const { rows: items, nextCursor } = pageOf(AUDIT_KEYSET, rows, f.limit);
  return { items, nextCursor };
}
