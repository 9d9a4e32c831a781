import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildEmployee, buildTenant, getTestDatabase } from '../../test/helpers.ts';
import { rowsOf } from './database.ts';

/** The Unix milliseconds a version 7 UUID carries in its first 48 bits. */
const millisOf = (id: string) => Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);
/** Version (13th hex digit) and variant (17th) of a UUID. */
const shapeOf = (id: string) => ({ version: id[14], variant: id[19] });

describe('time-ordered ids (migration 0017)', () => {
  it('are version 7 UUIDs carrying the time they were made, in the order they were made', async () => {
    const { db } = await getTestDatabase();
    const before = Date.now();
    const rows = rowsOf<{ id: string }>(
      await db.execute(sql`select perfloop_uuid_v7()::text as id from generate_series(1, 5000) n order by n`),
    );
    const after = Date.now();
    const ids = rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(5000);
    for (const id of ids) {
      expect(shapeOf(id).version).toBe('7');
      expect(['8', '9', 'a', 'b']).toContain(shapeOf(id).variant);
      // The database's clock is this machine's (both engines run here); a second of slack.
      expect(millisOf(id)).toBeGreaterThanOrEqual(before - 1000);
      expect(millisOf(id)).toBeLessThanOrEqual(after + 1000);
    }
    // Made one after another, the milliseconds never go back, and sorting the ids sorts them by the
    // millisecond they were made in. Within one millisecond the order is the clock's fraction where
    // the clock has one (PostgreSQL), random where it has not (PGlite's): locality, not a sequence.
    const millis = ids.map(millisOf);
    expect(millis.every((m, i) => i === 0 || m >= millis[i - 1]!)).toBe(true);
    expect([...ids].sort().map(millisOf)).toEqual(millis);
  });

  it('are the default key of new rows', async () => {
    const database = await getTestDatabase();
    const tenant = await buildTenant(database);
    const first = await buildEmployee(tenant);
    const second = await buildEmployee(tenant);
    for (const id of [tenant.tenantId, tenant.rootId, first.id, second.id])
      expect(shapeOf(id).version).toBe('7');
    // Within one millisecond PGlite's order is random (above): the millisecond is what orders them.
    expect(millisOf(first.id)).toBeLessThanOrEqual(millisOf(second.id));
  });
});
