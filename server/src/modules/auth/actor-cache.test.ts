import { describe, expect, it } from 'vitest';
import type { Database, ListenHandlers } from '../../db/database.ts';
import type { Actor } from '../../http/actor.ts';
import { ACTORS_CHANGED_CHANNEL, ActorCache } from './actor-cache.ts';

const actor = { name: '李四' } as Actor;
const HOUR = 3_600_000;

/** What the cache uses of a database: its statements and its notification channel, driven by the test. */
function fakeDatabase() {
  const observers = new Set<(sql: string) => void>();
  const listeners: ListenHandlers[] = [];
  const database = {
    observeStatements(observer: (sql: string) => void) {
      observers.add(observer);
      return () => void observers.delete(observer);
    },
    async listen(channel: string, handlers: ListenHandlers) {
      expect(channel).toBe(ACTORS_CHANGED_CHANNEL);
      listeners.push(handlers);
      handlers.onListening(true);
      return async () => handlers.onListening(false);
    },
  } as unknown as Database;
  return {
    database,
    send: (text: string) => {
      for (const o of observers) o(text);
    },
    notify: () => {
      for (const l of listeners) l.onNotify();
    },
    drop: () => {
      for (const l of listeners) l.onListening(false);
    },
    reopen: () => {
      for (const l of listeners) l.onListening(true);
    },
  };
}

async function attached(options?: ConstructorParameters<typeof ActorCache>[0]) {
  const db = fakeDatabase();
  const cache = new ActorCache(options);
  const detach = await cache.attach(db.database);
  return { cache, detach, ...db };
}

describe('the actor cache', () => {
  it('keeps nothing before it listens, nor while its connection is lost', async () => {
    const idle = new ActorCache();
    idle.set('s', { actor, expiresAtMs: 10 * HOUR }, idle.generation, 0);
    expect(idle.get('s', 1)).toBeNull();

    const { cache, drop, reopen } = await attached();
    cache.set('s', { actor, expiresAtMs: 10 * HOUR }, cache.generation, 0);
    expect(cache.get('s', 1)?.actor).toBe(actor);
    drop();
    expect(cache.get('s', 1)).toBeNull();
    cache.set('s', { actor, expiresAtMs: 10 * HOUR }, cache.generation, 0);
    expect(cache.get('s', 1)).toBeNull();
    reopen();
    cache.set('s', { actor, expiresAtMs: 10 * HOUR }, cache.generation, 0);
    expect(cache.get('s', 1)?.actor).toBe(actor);
  });

  it('forgets everything on a notification, and drops a lookup that was under way', async () => {
    const { cache, notify } = await attached();
    cache.set('a', { actor, expiresAtMs: 10 * HOUR }, cache.generation, 0);
    const during = cache.generation;
    notify();
    expect(cache.get('a', 1)).toBeNull();
    // Read before the change committed: not kept.
    cache.set('b', { actor, expiresAtMs: 10 * HOUR }, during, 2);
    expect(cache.get('b', 3)).toBeNull();
  });

  it('never serves a session past its expiry, and reads again after the maximum age', async () => {
    const { cache } = await attached({ maxAgeMs: 60_000 });
    cache.set('s', { actor, expiresAtMs: 30_000 }, cache.generation, 0);
    expect(cache.get('s', 29_999)).not.toBeNull();
    expect(cache.get('s', 30_000)).toBeNull();
    cache.set('t', { actor, expiresAtMs: 10 * HOUR }, cache.generation, 0);
    expect(cache.get('t', 59_999)).not.toBeNull();
    expect(cache.get('t', 60_000)).toBeNull();
  });

  it('holds at most its maximum number of sessions, dropping the oldest', async () => {
    const { cache } = await attached({ maxEntries: 2 });
    for (const s of ['a', 'b', 'c']) cache.set(s, { actor, expiresAtMs: 10 * HOUR }, cache.generation, 0);
    expect(cache.size).toBe(2);
    expect(cache.get('a', 1)).toBeNull();
    expect(cache.get('c', 1)).not.toBeNull();
  });

  it('forgets at the end of a request that overlapped a statement changing people, roles, companies or sessions', async () => {
    const { cache, send } = await attached();
    const changes = [
      'update "employees" set "status" = $1 where "employees"."id" = $2',
      'insert into "role_assignments" ("tenant_id", "employee_id", "role") values ($1, $2, $3)',
      'delete from "role_assignments" where "role_assignments"."employee_id" = $1',
      'with moved as (update departments set head_id = $1 where id = $2 returning id) select 1',
      'update "tenants" set "settings" = $1 where "tenants"."id" = $2',
      'delete from "sessions" where "sessions"."token_hash" = $1',
      'truncate table employees',
    ];
    const unchanged = [
      'select e.id from employees e join sessions s on s.employee_id = e.id',
      'update "sessions" set "expires_at" = $1 where "sessions"."token_hash" = $2',
      'insert into "sessions" ("token_hash") values ($1)',
      'insert into "check_ins" ("tenant_id") values ($1)',
      'select * from goals for update of goals',
    ];
    for (const text of unchanged) {
      cache.set('s', { actor, expiresAtMs: 10 * HOUR }, cache.generation, 0);
      const mark = cache.localChanges;
      send(text);
      cache.forgetChangesSince(mark);
      expect(cache.get('s', 1), text).not.toBeNull();
    }
    for (const text of changes) {
      cache.set('s', { actor, expiresAtMs: 10 * HOUR }, cache.generation, 0);
      const mark = cache.localChanges;
      send(text);
      cache.forgetChangesSince(mark);
      expect(cache.get('s', 1), text).toBeNull();
    }
  });

  it('forgets, as the next request comes in, what a statement outside requests changed', async () => {
    const { cache, send } = await attached();
    cache.set('s', { actor, expiresAtMs: 10 * HOUR }, cache.generation, 0);
    cache.forgetChangesSinceLastRequest();
    expect(cache.get('s', 1)).not.toBeNull();
    send('update "employees" set "manager_id" = $1 where "employees"."id" = $2');
    cache.forgetChangesSinceLastRequest();
    expect(cache.get('s', 1)).toBeNull();
    cache.set('s', { actor, expiresAtMs: 10 * HOUR }, cache.generation, 0);
    cache.forgetChangesSinceLastRequest();
    expect(cache.get('s', 1)).not.toBeNull();
  });

  it('stops watching and listening when detached', async () => {
    const { cache, detach, send } = await attached();
    await detach();
    const mark = cache.localChanges;
    send('delete from "sessions" where "token_hash" = $1');
    expect(cache.localChanges).toBe(mark);
    cache.set('s', { actor, expiresAtMs: 10 * HOUR }, cache.generation, 0);
    expect(cache.get('s', 1)).toBeNull();
  });
});
