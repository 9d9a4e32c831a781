import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosave, type AutosaveStatus, type SaveFailure } from './autosave';

type Call = { value: string; ifMatch: string; resolve: (etag: string) => void; reject: (e: unknown) => void };

/** An autosave whose saves wait until the test answers them. */
function setUp(classify: (error: unknown) => SaveFailure = () => 'retry') {
  const calls: Call[] = [];
  const statuses: AutosaveStatus['kind'][] = [];
  const autosave = new Autosave<string>({
    delayMs: 1500,
    version: '"1"',
    save: (value, ifMatch) =>
      new Promise<string>((resolve, reject) => {
        calls.push({ value, ifMatch, resolve, reject });
      }),
    classify,
    onStatus: (s) => statuses.push(s.kind),
    now: () => new Date('2026-12-01T09:30:00Z'),
  });
  return { autosave, calls, statuses };
}

/** Lets promise callbacks run. */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('autosave of a review draft', () => {
  it('waits 1.5 s after the last change and saves only the latest value', async () => {
    const { autosave, calls } = setUp();
    autosave.change('a');
    await vi.advanceTimersByTimeAsync(1000);
    autosave.change('ab');
    await vi.advanceTimersByTimeAsync(1499);
    expect(calls).toHaveLength(0);
    expect(autosave.status.kind).toBe('dirty');
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.map((c) => [c.value, c.ifMatch])).toEqual([['ab', '"1"']]);
    expect(autosave.status.kind).toBe('saving');
  });

  it('reports the time it saved at and sends the new version with the next save', async () => {
    const { autosave, calls } = setUp();
    autosave.change('a');
    await vi.advanceTimersByTimeAsync(1500);
    calls[0]?.resolve('"2"');
    await settle();
    expect(autosave.status).toEqual({ kind: 'saved', at: new Date('2026-12-01T09:30:00Z') });
    expect(autosave.hasUnsavedChanges).toBe(false);
    autosave.change('b');
    await vi.advanceTimersByTimeAsync(1500);
    expect(calls[1]?.ifMatch).toBe('"2"');
  });

  it('saves a change made during a save after it, with the version that save answered', async () => {
    const { autosave, calls } = setUp();
    autosave.change('a');
    await vi.advanceTimersByTimeAsync(1500);
    autosave.change('ab');
    await vi.advanceTimersByTimeAsync(1500);
    expect(calls).toHaveLength(1);
    calls[0]?.resolve('"2"');
    await settle();
    expect(calls.map((c) => [c.value, c.ifMatch])).toEqual([
      ['a', '"1"'],
      ['ab', '"2"'],
    ]);
  });

  it('stops on a 412 and ignores changes until reset with the version reloaded', async () => {
    const { autosave, calls } = setUp(() => 'conflict');
    autosave.change('a');
    await vi.advanceTimersByTimeAsync(1500);
    calls[0]?.reject(new Error('412'));
    await settle();
    expect(autosave.status.kind).toBe('conflict');
    autosave.change('b');
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toHaveLength(1);
    await expect(autosave.settle()).rejects.toThrow('412');

    autosave.reset('"7"');
    expect(autosave.status.kind).toBe('idle');
    autosave.change('c');
    await vi.advanceTimersByTimeAsync(1500);
    expect(calls[1]).toMatchObject({ value: 'c', ifMatch: '"7"' });
  });

  it('keeps the value after a failure and saves it on flush', async () => {
    const { autosave, calls } = setUp(() => 'retry');
    autosave.change('a');
    await vi.advanceTimersByTimeAsync(1500);
    calls[0]?.reject(new Error('offline'));
    await settle();
    expect(autosave.status).toMatchObject({ kind: 'error', retryable: true });
    expect(autosave.hasUnsavedChanges).toBe(true);
    const flushed = autosave.flush();
    await settle();
    expect(calls[1]).toMatchObject({ value: 'a', ifMatch: '"1"' });
    calls[1]?.resolve('"2"');
    await flushed;
    expect(autosave.status.kind).toBe('saved');
  });

  it('gives up for good when the review cannot change any more', async () => {
    const { autosave, calls } = setUp(() => 'fatal');
    autosave.change('a');
    await vi.advanceTimersByTimeAsync(1500);
    calls[0]?.reject(new Error('not editable'));
    await settle();
    expect(autosave.status).toMatchObject({ kind: 'error', retryable: false });
    autosave.change('b');
    await autosave.flush();
    expect(calls).toHaveLength(1);
  });

  it('settles before a submit: saves at once what waits and answers the version to send', async () => {
    const { autosave, calls } = setUp();
    autosave.change('a');
    const version = autosave.settle();
    await settle();
    expect(calls).toHaveLength(1);
    calls[0]?.resolve('"2"');
    await expect(version).resolves.toBe('"2"');
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toHaveLength(1);
  });

  it('saves nothing after stop (the review was submitted)', async () => {
    const { autosave, calls, statuses } = setUp();
    autosave.change('a');
    autosave.stop();
    autosave.change('b');
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toHaveLength(0);
    expect(statuses).toEqual(['dirty']);
  });
});
