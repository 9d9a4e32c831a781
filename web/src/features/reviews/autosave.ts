/*
 * Drafts that save themselves: a change waits `delayMs` for the next one, then the latest value
 * is saved with If-Match of the version last read or saved. One save at a time; a change made
 * while a save runs is saved after it, with the version that save answered. A 412 (someone else
 * saved) stops saving until the form is reloaded; a review that can no longer change stops it
 * for good; any other failure keeps the value, and the next change or `flush()` tries again.
 * Plain TypeScript (timers, promises), so the rules are tested without a browser.
 */

export type AutosaveStatus =
  | { kind: 'idle' }
  | { kind: 'dirty' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: Date }
  | { kind: 'error'; error: unknown; retryable: boolean }
  | { kind: 'conflict'; error: unknown };

/** How a failed save is handled: `conflict` (412), `fatal` (will never succeed), `retry`. */
export type SaveFailure = 'conflict' | 'fatal' | 'retry';

export type AutosaveOptions<T> = {
  /** Quiet time after the last change before saving. */
  delayMs: number;
  /** The version (ETag) the value was read at. */
  version: string;
  /** Saves with If-Match; resolves with the new version. */
  save: (value: T, ifMatch: string) => Promise<string>;
  classify: (error: unknown) => SaveFailure;
  onStatus: (status: AutosaveStatus) => void;
  now?: () => Date;
};

export class Autosave<T> {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pending: { value: T } | null = null;
  private running: Promise<void> | null = null;
  private etag: string;
  private stopped = false;
  private current: AutosaveStatus = { kind: 'idle' };

  constructor(private readonly options: AutosaveOptions<T>) {
    this.etag = options.version;
  }

  /** The version to send with the next write (after the last save this controller made). */
  get version(): string {
    return this.etag;
  }

  get status(): AutosaveStatus {
    return this.current;
  }

  /** Whether a change has not reached the server yet. */
  get hasUnsavedChanges(): boolean {
    return this.pending !== null || this.running !== null;
  }

  /** A change to the value: saved once the user pauses. */
  change(value: T): void {
    if (this.stopped) return;
    this.pending = { value };
    if (!this.running) this.setStatus({ kind: 'dirty' });
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.options.delayMs);
  }

  /** Saves what is waiting now, and resolves once nothing is being saved. */
  async flush(): Promise<void> {
    this.clearTimer();
    while (this.running) await this.running;
    if (this.stopped || !this.pending) return;
    const { value } = this.pending;
    this.pending = null;
    this.setStatus({ kind: 'saving' });
    this.running = this.options
      .save(value, this.etag)
      .then((etag) => {
        this.etag = etag;
        this.setStatus(this.pending ? { kind: 'dirty' } : { kind: 'saved', at: this.now() });
      })
      .catch((error: unknown) => {
        const failure = this.options.classify(error);
        if (failure === 'conflict') {
          this.stopped = true;
          this.pending = null;
          this.setStatus({ kind: 'conflict', error });
        } else if (failure === 'fatal') {
          this.stopped = true;
          this.pending = null;
          this.setStatus({ kind: 'error', error, retryable: false });
        } else {
          // Keep the newest value for the next try: a change made meanwhile is newer than this one.
          this.pending ??= { value };
          this.setStatus({ kind: 'error', error, retryable: true });
        }
      })
      .finally(() => {
        this.running = null;
      });
    await this.running;
  }

  /**
   * Before a write of its own (submit, a follow-up): saves what waits, and resolves with the
   * version to send. Rejects when saving stopped on a conflict or cannot go on.
   */
  async settle(): Promise<string> {
    await this.flush();
    const status = this.current;
    if (status.kind === 'conflict' || status.kind === 'error') throw status.error;
    return this.etag;
  }

  /** After a write of its own: the version the server answered. */
  setVersion(etag: string): void {
    this.etag = etag;
  }

  /** No more saving (the review was submitted): pending changes are dropped. */
  stop(): void {
    this.clearTimer();
    this.pending = null;
    this.stopped = true;
  }

  /** After reloading the review: start again from the version read. */
  reset(version: string): void {
    this.clearTimer();
    this.pending = null;
    this.stopped = false;
    this.etag = version;
    this.setStatus({ kind: 'idle' });
  }

  private clearTimer() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private now() {
    return this.options.now?.() ?? new Date();
  }

  private setStatus(status: AutosaveStatus) {
    this.current = status;
    this.options.onStatus(status);
  }
}
