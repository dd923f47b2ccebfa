/**
 * What the load generator and the orchestrator say to each other over the fork IPC channel,
 * and the reference relay's event names (the least a Socket.IO relay speaks).
 */
export type Target = 'ours' | 'reference';

export const ReferenceEvent = {
  Join: 'join',
  Send: 'send',
  Dm: 'dm',
  Message: 'msg',
  DirectMessage: 'direct',
} as const;

export type LoadCommand =
  /**
   * Connection `index` (0 ≤ index < total) joins room `index % rooms`; a generator holds the
   * connections whose room is `part` modulo `parts`, so every room lives in one process and its
   * senders and receivers read the same clock.
   */
  | {
      type: 'connect';
      url: string;
      target: Target;
      total: number;
      rooms: number;
      batch: number;
      part: number;
      parts: number;
    }
  | { type: 'traffic'; mode: 'room' | 'dm'; perConnectionPerSecond: number; durationMs: number; drainMs: number }
  | { type: 'close' };

export interface ConnectResult {
  type: 'connected';
  connections: number;
  failed: number;
  firstError?: string;
  ms: number;
}

/** One load generator's traffic run: raw latencies, so that several generators' can be merged. */
export interface LoadTrafficResult {
  type: 'traffic';
  sent: number;
  accepted: number;
  refused: Record<string, number>;
  expected: number;
  delivered: number;
  sendSeconds: number;
  windowSeconds: number;
  fanoutMs: Float64Array;
  ackMs: Float64Array;
  /** CPU over the window, in percent of one core. */
  cpuPercent: number;
  /** Its own event-loop delay over the window: a generator that lags adds to every latency. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

export type LoadReply = ConnectResult | LoadTrafficResult | { type: 'closed' } | { type: 'error'; message: string };
