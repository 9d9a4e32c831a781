import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import { Limiter } from './limiter.ts';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('Limiter', () => {
  it('runs at most `concurrency` tasks and starts the waiting ones in arrival order', async () => {
    const limiter = new Limiter(2, 1_000);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((gate, i) =>
      limiter.run(async () => {
        started.push(i);
        await gate.promise;
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect(limiter.waiting).toBe(2);
    gates[1]!.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.resolve();
    gates[2]!.resolve();
    gates[3]!.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(limiter.waiting).toBe(0);
  });

  it('frees the slot when a task fails', async () => {
    const limiter = new Limiter(1, 1_000);
    await expect(limiter.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limiter.run(async () => 'next')).toBe('next');
  });

  it('answers server.busy with a retry hint when the wait is too long, and forgets the waiter', async () => {
    const limiter = new Limiter(1, 30);
    const gate = deferred();
    const first = limiter.run(() => gate.promise);
    const error = await limiter.run(async () => 'never').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'server.busy', extra: { retryAfterSeconds: 1 } });
    expect(limiter.waiting).toBe(0);
    gate.resolve();
    await first;
    // The slot came back: the next task runs at once.
    expect(await limiter.run(async () => 'free')).toBe('free');
  });

  it('skips the task of a caller who hung up while waiting, and hands the slot on', async () => {
    const limiter = new Limiter(1, 1_000);
    const gate = deferred();
    const first = limiter.run(() => gate.promise);
    let hungUp = false;
    let ran = false;
    const abandoned = limiter.run(
      async () => {
        ran = true;
      },
      () => hungUp,
    );
    const third = limiter.run(async () => 'third');
    hungUp = true;
    gate.resolve();
    await expect(abandoned).rejects.toMatchObject({ code: 'server.busy' });
    expect(ran).toBe(false);
    expect(await third).toBe('third');
    await first;
  });
});
