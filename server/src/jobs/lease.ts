/**
 * Background work that outlives the request that started it (an import) is claimed in the
 * database by the process running it, for a lease: a time until which the claim holds. The
 * process renews the lease while it works (the heartbeat); when the process dies, the lease runs
 * out, and any process (at its start, or the minute sweep) may fail the work. A process never
 * fails work whose lease is still held: with several processes on one database, the work may be
 * running fine in another one.
 *
 * Lease times are the database's `now()`, the one clock every process shares.
 */

/** The heartbeat renews the lease every third of it: two beats may be missed (a slow query, a pause). */
export function heartbeatIntervalMs(leaseSeconds: number): number {
  return Math.max(500, Math.floor((leaseSeconds * 1000) / 3));
}

export type Heartbeat = { stop(): void };

/**
 * Renews a lease every `heartbeatIntervalMs(leaseSeconds)` until stopped. `renew` answers false
 * when the lease is no longer ours (the work ended, or another process failed it after our lease
 * ran out): then the heartbeat stops by itself. A failed renewal is reported and retried at the
 * next beat, while the lease may still hold.
 */
export function startHeartbeat(
  leaseSeconds: number,
  renew: () => Promise<boolean>,
  onError: (error: unknown) => void,
): Heartbeat {
  let stopped = false;
  let beating = false;
  const timer = setInterval(() => {
    if (stopped || beating) return;
    beating = true;
    renew()
      .then((held) => {
        if (!held) stop();
      })
      .catch(onError)
      .finally(() => {
        beating = false;
      });
  }, heartbeatIntervalMs(leaseSeconds));
  // The heartbeat alone does not keep the process alive.
  timer.unref();
  const stop = () => {
    stopped = true;
    clearInterval(timer);
  };
  return { stop };
}
