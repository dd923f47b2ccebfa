/**
 * When to ask again after the relay answered `rate_limited`: its `retryAfterMs`, at least a
 * second (a relay that says 0 must not be asked in a tight loop), plus up to a tenth more (5 s
 * at most, so a wait of minutes is not shown a minute longer than the relay said), so that the
 * people of one network refused together do not all come back in the same instant.
 */
const MIN_WAIT_MS = 1000;
const JITTER = 0.1;
const MAX_JITTER_MS = 5000;

export function retryAfter(retryAfterMs: number | undefined): number {
  const wait = Math.max(MIN_WAIT_MS, retryAfterMs ?? MIN_WAIT_MS);
  return Math.round(wait + Math.random() * Math.min(wait * JITTER, MAX_JITTER_MS));
}
