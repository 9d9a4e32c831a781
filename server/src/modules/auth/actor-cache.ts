import type { Database } from '../../db/database.ts';
import type { Actor } from '../../http/actor.ts';

/** The channel migration 0014's triggers notify when a session ends or a person, department, role or company changes. */
export const ACTORS_CHANGED_CHANNEL = 'perfloop_actors';

/**
 * Statements that change what an actor is made of, as migration 0014's triggers see them: any write
 * to people, departments and roles, a change to a company, a session ended. (A session's expiry
 * moving forward changes nothing cached: the cache keeps the expiry it read and reads again after it.)
 */
const CHANGES_ACTORS =
  /\b(?:(?:insert\s+into|update|delete\s+from|truncate(?:\s+table)?)\s+"?(?:employees|departments|role_assignments)\b|(?:update|delete\s+from|truncate(?:\s+table)?)\s+"?tenants\b|(?:delete\s+from|truncate(?:\s+table)?)\s+"?sessions\b)/i;

export type CachedActor = { actor: Actor; expiresAtMs: number };

type Entry = CachedActor & { cachedAtMs: number };

/**
 * Signed-in callers by session, in memory, so that a request does not read its session, person,
 * company and roles from the database each time: that statement was half the database time of
 * the lightest reads. What may be kept is exactly what the database says now:
 * - Every change that could alter an actor notifies every server process on commit (migration
 *   0014's triggers, whatever made the change: a request, an import, the command line, psql), and
 *   each process then forgets every actor it holds.
 * - While a process is not listening (starting, or its listening connection lost and reopening)
 *   it keeps nothing, since notifications sent meanwhile are lost.
 * - A lookup that was under way when actors were forgotten is not kept (generation).
 * - A change made by this process forgets at once, when its request answers, without waiting for
 *   the notification to come back (so a sign-out takes effect before its response arrives).
 * - An entry is read again after `maxAgeMs` whatever happens, and never outlives its session.
 */
export class ActorCache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #maxAgeMs: number;
  #generation = 0;
  #listening = false;
  #localChanges = 0;
  #checked = 0;
  readonly #seen = new Map<string, boolean>();

  constructor(options: { maxEntries?: number; maxAgeMs?: number } = {}) {
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#maxAgeMs = options.maxAgeMs ?? 60_000;
  }

  /** Listens to the database's notifications and watches this process's statements; returns the stop function. */
  async attach(database: Database): Promise<() => Promise<void>> {
    const unobserve = database.observeStatements((text) => {
      if (this.#changesActors(text)) this.#localChanges++;
    });
    const unlisten = await database.listen(ACTORS_CHANGED_CHANNEL, {
      onNotify: () => this.forgetAll(),
      onListening: (listening) => this.setListening(listening),
    });
    return async () => {
      unobserve();
      await unlisten();
    };
  }

  /** The number to hand back to `set`: a lookup is kept only if nothing was forgotten while it ran. */
  get generation(): number {
    return this.#generation;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(sessionHash: string, nowMs: number): CachedActor | null {
    const entry = this.#entries.get(sessionHash);
    if (!entry) return null;
    if (nowMs >= entry.expiresAtMs || nowMs - entry.cachedAtMs >= this.#maxAgeMs) {
      this.#entries.delete(sessionHash);
      return null;
    }
    return entry;
  }

  set(sessionHash: string, value: CachedActor, generation: number, nowMs: number): void {
    if (!this.#listening || generation !== this.#generation) return;
    this.#entries.delete(sessionHash);
    if (this.#entries.size >= this.#maxEntries) {
      // Maps iterate in insertion order: the first key is the oldest entry.
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(sessionHash, { ...value, cachedAtMs: nowMs });
  }

  forget(sessionHash: string): void {
    this.#entries.delete(sessionHash);
  }

  forgetAll(): void {
    this.#generation++;
    this.#entries.clear();
  }

  setListening(listening: boolean): void {
    this.#listening = listening;
    this.forgetAll();
  }

  /** How many statements of this process changed an actor so far: a mark for forgetChangesSince. */
  get localChanges(): number {
    return this.#localChanges;
  }

  /**
   * Forgets everything if a statement of this process changed an actor since `mark`: called as a
   * request answers, with the mark taken as it came in, so a request whose own change has committed
   * (or that overlapped another's) leaves nothing read before it behind.
   */
  forgetChangesSince(mark: number): void {
    if (this.#localChanges !== mark) this.forgetAll();
  }

  /**
   * Forgets everything if a statement of this process changed an actor since the last call: called
   * as a request comes in, for changes made outside requests (a job, a script in this process),
   * which have committed by then unless a transaction still holds them.
   */
  forgetChangesSinceLastRequest(): void {
    if (this.#localChanges === this.#checked) return;
    this.#checked = this.#localChanges;
    this.forgetAll();
  }

  #changesActors(text: string): boolean {
    // Remembered for the texts requests repeat; an import's 70 KB inserts are tested each time.
    if (text.length > 4_096) return CHANGES_ACTORS.test(text);
    let changes = this.#seen.get(text);
    if (changes === undefined) {
      changes = CHANGES_ACTORS.test(text);
      if (this.#seen.size >= 10_000) this.#seen.clear();
      this.#seen.set(text, changes);
    }
    return changes;
  }
}
