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
  | { type: 'connect'; url: string; target: Target; total: number; rooms: number; batch: number }
  | { type: 'traffic'; mode: 'room' | 'dm'; perConnectionPerSecond: number; durationMs: number; drainMs: number }
  | { type: 'close' };

export interface ConnectResult {
  type: 'connected';
  connections: number;
  failed: number;
  firstError?: string;
  ms: number;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export interface TrafficResult {
  type: 'traffic';
  sent: number;
  accepted: number;
  refused: Record<string, number>;
  expected: number;
  delivered: number;
  sendSeconds: number;
  /** Send phase plus the wait for the last deliveries and acknowledgements. */
  windowSeconds: number;
  fanout: LatencySummary;
  ack: LatencySummary;
  /** The load generator's own CPU over the window, in percent of one core. */
  loadCpuPercent: number;
}

export type LoadReply = ConnectResult | TrafficResult | { type: 'closed' } | { type: 'error'; message: string };
