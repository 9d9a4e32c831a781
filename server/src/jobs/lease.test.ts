import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { heartbeatIntervalMs, startHeartbeat } from './lease.ts';

describe('startHeartbeat', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('renews the lease every third of it, so two missed beats still leave it held', async () => {
    expect(heartbeatIntervalMs(60)).toBe(20_000);
    const renew = vi.fn(async () => true);
    const heartbeat = startHeartbeat(60, renew, () => {});
    await vi.advanceTimersByTimeAsync(19_999);
    expect(renew).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(40_001);
    expect(renew).toHaveBeenCalledTimes(3);
    heartbeat.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(renew).toHaveBeenCalledTimes(3);
  });

  it('stops by itself once the lease is no longer ours', async () => {
    const renew = vi.fn(async () => false);
    startHeartbeat(3, renew, () => {});
    await vi.advanceTimersByTimeAsync(10_000);
    expect(renew).toHaveBeenCalledTimes(1);
  });

  it('reports a failed renewal and tries again at the next beat', async () => {
    const errors: unknown[] = [];
    const renew = vi.fn().mockRejectedValueOnce(new Error('connection lost')).mockResolvedValue(true);
    const heartbeat = startHeartbeat(3, renew, (e) => errors.push(e));
    await vi.advanceTimersByTimeAsync(2_000);
    expect(errors).toHaveLength(1);
    expect(renew).toHaveBeenCalledTimes(2);
    heartbeat.stop();
  });

  it('does not start a beat while the one before is still waiting for the database', async () => {
    let release!: (held: boolean) => void;
    const renew = vi.fn(() => new Promise<boolean>((resolve) => (release = resolve)));
    const heartbeat = startHeartbeat(3, renew, () => {});
    await vi.advanceTimersByTimeAsync(5_000);
    expect(renew).toHaveBeenCalledTimes(1);
    release(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(renew).toHaveBeenCalledTimes(2);
    heartbeat.stop();
  });
});
