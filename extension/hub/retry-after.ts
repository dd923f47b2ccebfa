/**
 * When to ask again after the relay answered `rate_limited`: its `retryAfterMs`, at least a
 * second (a relay that says 0 must not be asked in a tight loop), plus up to a tenth more, so
 * that the people of one network refused together do not all come back in the same instant.
 */
const MIN_WAIT_MS = 1000;
const JITTER = 0.1;

export function retryAfter(retryAfterMs: number | undefined): number {
  const wait = Math.max(MIN_WAIT_MS, retryAfterMs ?? MIN_WAIT_MS);
  return Math.round(wait * (1 + Math.random() * JITTER));
}
