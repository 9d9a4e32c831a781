import { AppError } from './errors.ts';

/** Heavy reads running at once per process: one per core of the machines we measure on. */
export const HEAVY_READS = 2;
/** How long a heavy read may wait for its turn before the caller is told to retry (503). */
export const HEAVY_READ_WAIT_MS = 20_000;

/**
 * Runs at most `concurrency` tasks at a time; the others wait in line, first come first served,
 * for up to `maxWaitMs`, then fail with `server.busy` (503, Retry-After). Load shedding: under a
 * burst the server answers late or asks to retry, instead of running out of memory.
 */
export class Limiter {
  private running = 0;
  private readonly queue: (() => void)[] = [];

  constructor(
    readonly concurrency: number,
    readonly maxWaitMs: number,
  ) {}

  get waiting(): number {
    return this.queue.length;
  }

  /**
   * `gone` tells whether the caller has hung up while it waited: then its turn is skipped
   * (`server.busy`, never sent), so a burst of abandoned requests does not keep the server busy.
   */
  async run<T>(task: () => Promise<T>, gone: () => boolean = () => false): Promise<T> {
    if (this.running < this.concurrency) this.running += 1;
    else await this.turn();
    try {
      if (gone()) throw new AppError('server.busy');
      return await task();
    } finally {
      // The slot passes straight to the next in line, so a newcomer cannot overtake it.
      const next = this.queue.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  private turn(): Promise<void> {
    return new Promise((resolve, reject) => {
      const start = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.queue.splice(this.queue.indexOf(start), 1);
        reject(
          new AppError('server.busy', undefined, undefined, {
            retryAfterSeconds: Math.max(1, Math.ceil(this.maxWaitMs / 4000)),
          }),
        );
      }, this.maxWaitMs);
      this.queue.push(start);
    });
  }
}
