/**
 * Server configuration, read once from the environment at start and validated, so a typo in
 * a deployment fails loudly with the variable's name instead of running with a surprise.
 * Every knob has a default that serves one machine; docs/configuration.md lists them.
 */
import { isIP } from 'node:net';
import { join } from 'node:path';
import { JOIN_HISTORY_MAX, JOIN_MEMBERS_MAX } from '../protocol/index.ts';

type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

type Storage = 'sqlite' | 'memory';
const STORAGES: readonly Storage[] = ['sqlite', 'memory'];

export interface Config {
  port: number;
  host: string;
  logLevel: LogLevel;
  /** Where history lives: SQLite under `dataDir` (durable), or memory (tests, throwaway runs). */
  storage: Storage;
  dataDir: string;
  /** Rooms one connection may be in at once. */
  maxRoomsPerConnection: number;
  /** Members a room holds before `room:join` answers `room_full`. */
  maxMembersPerRoom: number;
  /** Members listed in a `room:join` answer (the contract's ceiling is 200). */
  joinMembersLimit: number;
  /** History messages in a `room:join` answer (the contract's ceiling is 50). */
  joinHistoryLimit: number;
  /** Messages kept per room. */
  historyPerRoom: number;
  /** Rooms whose history is kept in memory storage; the least recently active are forgotten first. */
  historyMaxRooms: number;
  /** Messages older than this are deleted from durable storage. */
  historyMaxAgeDays: number;
  /** Token bucket per user for `message:send` and `dm:send`: burst size and refill rate. */
  sendBurst: number;
  sendPerSecond: number;
  /** How long, and for how many sends, a (sender, clientId) pair is remembered. */
  idempotencyTtlMs: number;
  idempotencyMaxKeys: number;
  /** Largest Socket.IO packet accepted, in bytes. */
  maxPayloadBytes: number;
  /** Socket.IO heartbeat; at most 25 s keeps an MV3 service worker alive. */
  pingIntervalMs: number;
  /** How long a graceful shutdown may take before the process exits anyway. */
  shutdownTimeoutMs: number;
  /** Shared Redis for several nodes (rooms, presence, history, sends, rate buckets); null: one machine. */
  redisUrl: string | null;
  /** With Redis: a node silent this long is dead, and the others remove its members. */
  redisNodeTimeoutMs: number;
  /** With Redis: a store command with no answer by then fails as unavailable. */
  redisCommandTimeoutMs: number;
  /** SQLite: the whole history's size, in MiB; past it the quietest rooms are forgotten. 0: no bound. */
  historyMaxMb: number;
  /** SQLite: how long the first write of a batch waits for others to share its commit (0: to the end of the event loop's turn). */
  commitWindowMs: number;
  /** Sealed DMs waiting for their addressees, in all, in MiB (0: no bound beyond each mailbox's). */
  mailboxMaxMb: number;
  /** Sealed DMs one sender has waiting in all mailboxes together, in MiB (0: no bound but the above). */
  mailboxSenderMb: number;
  /** Broadcasts kept for connection-state recovery (one node); the oldest go first. */
  recoveryMaxPackets: number;

  // Budgets (docs/configuration.md, "Limits and abuse"). 0 turns a budget off.
  /** Requests one connection may have unanswered at once. */
  maxInFlightPerConnection: number;
  /** Bytes waiting to be written to one connection; past it the connection is closed. */
  maxQueuedBytesPerConnection: number;
  /** `user:rename` per user per minute. */
  renamesPerMinute: number;
  /** `room:join` and `room:leave` together per user per minute. */
  joinsPerMinute: number;
  /** `room:history` pages per user per minute. */
  historyPagesPerMinute: number;
  /** `typing` events relayed per user per minute (more are dropped). */
  typingPerMinute: number;
  /** Reactions given or taken back per user per minute (protocol v2). */
  reactionsPerMinute: number;
  /** `dm:status` requests per user per minute (protocol v2). */
  dmStatusPerMinute: number;
  /** Connections open at once from one address (IPv6: one /64). */
  maxConnectionsPerIp: number;
  /** Identities this relay has not seen before, per address per 10 minutes. */
  newIdentitiesPerIp: number;
  /** Minutes an identity is held back as new after the relay first sees it (slower sends, no links). */
  newcomerMinutes: number;
  /** Messages a newcomer may send per minute (at most two at once). */
  newcomerMessagesPerMinute: number;
  /** Newcomers' messages kept per room, apart from the room's history, so they cannot push it out. */
  newcomerHistoryPerRoom: number;
  /** Peers whose `X-Forwarded-For` is believed: addresses or CIDR ranges. Empty: the socket's address. */
  trustProxy: string[];

  // Images (issue #12): uploads over HTTP, re-encoded and kept apart from the history.
  /** Where uploaded images are kept (all nodes share it); default `${dataDir}/images`. */
  imageDir: string;
  /** Largest upload accepted, in bytes, before anything decodes it. */
  imageMaxBytes: number;
  /** Largest image accepted, in pixels (width × height), read from its header before decoding. */
  imageMaxPixels: number;
  /** Everything the image store keeps, in MiB; past it the oldest images go first. 0: no bound. */
  imagesMaxMb: number;
  /** Bytes one user may upload per hour, in MiB. 0: no limit. */
  uploadMbPerHour: number;
  /** Uploads one user may make per minute. 0: no limit. */
  uploadsPerMinute: number;
  /** Uploads this process decodes and encodes at once (the CPU-heavy part). */
  imageConcurrency: number;
  /** Uploads waiting for one of those; past it an upload is answered 503 at once. */
  imageQueue: number;
  // Moderation and consent (issue #14), docs/moderation.md.
  /** The operator's secret for `/admin` and `/admin/api`; null: both answer 404. */
  adminToken: string | null;
  /** `report:send` per user per hour. 0: no limit. */
  reportsPerHour: number;
  /** `privacy:set` per user per minute. 0: no limit. */
  privacyPerMinute: number;
  /** A room's messages a second (averaged over ten seconds) past which slow mode switches on by itself. 0: never. */
  autoSlowModePerSecond: number;
  /** The automatic slow mode's seconds between one person's messages. */
  autoSlowModeSeconds: number;
  /** How long a room must stay under the rate before the automatic slow mode goes off. */
  autoSlowModeCalmSeconds: number;
  /** Failed `/admin` calls (bad or missing token) per address per hour; `/metrics` calls have a budget of their own of this size. */
  adminFailuresPerHour: number;
  /** The bearer token for `GET /metrics` on the main port; null: not served there. */
  metricsToken: string | null;
  /** A port of its own on 127.0.0.1 serving `GET /metrics` without a token; null: none. 0 picks a free one (tests). */
  metricsPort: number | null;
}

interface IntSetting {
  key: keyof Config;
  env: string;
  min: number;
  max: number;
  fallback: number;
}

const INT_SETTINGS: readonly IntSetting[] = [
  { key: 'port', env: 'PORT', min: 0, max: 65535, fallback: 3000 },
  { key: 'maxRoomsPerConnection', env: 'MAX_ROOMS_PER_CONNECTION', min: 1, max: 1000, fallback: 20 },
  { key: 'maxMembersPerRoom', env: 'MAX_MEMBERS_PER_ROOM', min: 2, max: 1_000_000, fallback: 5000 },
  { key: 'joinMembersLimit', env: 'JOIN_MEMBERS_LIMIT', min: 1, max: JOIN_MEMBERS_MAX, fallback: JOIN_MEMBERS_MAX },
  { key: 'joinHistoryLimit', env: 'JOIN_HISTORY_LIMIT', min: 0, max: JOIN_HISTORY_MAX, fallback: JOIN_HISTORY_MAX },
  { key: 'historyPerRoom', env: 'HISTORY_PER_ROOM', min: 1, max: 100_000, fallback: 500 },
  { key: 'historyMaxRooms', env: 'HISTORY_MAX_ROOMS', min: 1, max: 10_000_000, fallback: 10_000 },
  { key: 'historyMaxAgeDays', env: 'HISTORY_MAX_AGE_DAYS', min: 1, max: 36_500, fallback: 30 },
  { key: 'sendBurst', env: 'SEND_BURST', min: 1, max: 10_000, fallback: 10 },
  { key: 'sendPerSecond', env: 'SEND_PER_SECOND', min: 1, max: 10_000, fallback: 2 },
  { key: 'idempotencyTtlMs', env: 'IDEMPOTENCY_TTL_MS', min: 1000, max: 7 * 86_400_000, fallback: 86_400_000 },
  { key: 'idempotencyMaxKeys', env: 'IDEMPOTENCY_MAX_KEYS', min: 100, max: 100_000_000, fallback: 200_000 },
  { key: 'maxPayloadBytes', env: 'MAX_PAYLOAD_BYTES', min: 16_384, max: 1_048_576, fallback: 49_152 },
  { key: 'pingIntervalMs', env: 'PING_INTERVAL_MS', min: 1000, max: 25_000, fallback: 20_000 },
  { key: 'shutdownTimeoutMs', env: 'SHUTDOWN_TIMEOUT_MS', min: 100, max: 600_000, fallback: 10_000 },
  { key: 'redisNodeTimeoutMs', env: 'REDIS_NODE_TIMEOUT_MS', min: 1000, max: 60_000, fallback: 10_000 },
  { key: 'redisCommandTimeoutMs', env: 'REDIS_COMMAND_TIMEOUT_MS', min: 100, max: 60_000, fallback: 2000 },
  { key: 'historyMaxMb', env: 'HISTORY_MAX_MB', min: 0, max: 10_000_000, fallback: 1024 },
  { key: 'commitWindowMs', env: 'COMMIT_WINDOW_MS', min: 0, max: 50, fallback: 0 },
  { key: 'mailboxMaxMb', env: 'MAILBOX_MAX_MB', min: 0, max: 10_000_000, fallback: 256 },
  { key: 'mailboxSenderMb', env: 'MAILBOX_SENDER_MB', min: 0, max: 10_000_000, fallback: 8 },
  { key: 'recoveryMaxPackets', env: 'RECOVERY_MAX_PACKETS', min: 0, max: 10_000_000, fallback: 10_000 },
  { key: 'maxInFlightPerConnection', env: 'MAX_IN_FLIGHT_PER_CONNECTION', min: 0, max: 10_000, fallback: 16 },
  {
    key: 'maxQueuedBytesPerConnection',
    env: 'MAX_QUEUED_BYTES_PER_CONNECTION',
    min: 0,
    max: 1_073_741_824,
    fallback: 2_097_152,
  },
  { key: 'renamesPerMinute', env: 'RENAMES_PER_MINUTE', min: 0, max: 10_000, fallback: 3 },
  { key: 'joinsPerMinute', env: 'JOINS_PER_MINUTE', min: 0, max: 100_000, fallback: 60 },
  { key: 'historyPagesPerMinute', env: 'HISTORY_PAGES_PER_MINUTE', min: 0, max: 100_000, fallback: 60 },
  { key: 'typingPerMinute', env: 'TYPING_PER_MINUTE', min: 0, max: 100_000, fallback: 120 },
  { key: 'reactionsPerMinute', env: 'REACTIONS_PER_MINUTE', min: 0, max: 100_000, fallback: 60 },
  { key: 'dmStatusPerMinute', env: 'DM_STATUS_PER_MINUTE', min: 0, max: 100_000, fallback: 30 },
  { key: 'maxConnectionsPerIp', env: 'MAX_CONNECTIONS_PER_IP', min: 0, max: 10_000_000, fallback: 256 },
  { key: 'newIdentitiesPerIp', env: 'NEW_IDENTITIES_PER_IP', min: 0, max: 10_000_000, fallback: 50 },
  { key: 'newcomerMinutes', env: 'NEWCOMER_MINUTES', min: 0, max: 10_080, fallback: 10 },
  { key: 'newcomerMessagesPerMinute', env: 'NEWCOMER_MESSAGES_PER_MINUTE', min: 1, max: 10_000, fallback: 6 },
  { key: 'newcomerHistoryPerRoom', env: 'NEWCOMER_HISTORY_PER_ROOM', min: 0, max: 100_000, fallback: 20 },
  { key: 'imageMaxBytes', env: 'IMAGE_MAX_BYTES', min: 16_384, max: 16_777_216, fallback: 1_048_576 },
  { key: 'imageMaxPixels', env: 'IMAGE_MAX_PIXELS', min: 1_000_000, max: 268_402_689, fallback: 40_000_000 },
  { key: 'imagesMaxMb', env: 'IMAGES_MAX_MB', min: 0, max: 10_000_000, fallback: 2048 },
  { key: 'uploadMbPerHour', env: 'UPLOAD_MB_PER_HOUR', min: 0, max: 1_000_000, fallback: 20 },
  { key: 'uploadsPerMinute', env: 'UPLOADS_PER_MINUTE', min: 0, max: 10_000, fallback: 10 },
  { key: 'imageConcurrency', env: 'IMAGE_CONCURRENCY', min: 1, max: 64, fallback: 2 },
  { key: 'imageQueue', env: 'IMAGE_QUEUE', min: 0, max: 1000, fallback: 8 },
  { key: 'reportsPerHour', env: 'REPORTS_PER_HOUR', min: 0, max: 100_000, fallback: 10 },
  { key: 'privacyPerMinute', env: 'PRIVACY_PER_MINUTE', min: 0, max: 100_000, fallback: 20 },
  { key: 'autoSlowModePerSecond', env: 'AUTO_SLOW_MODE_PER_SECOND', min: 0, max: 10_000, fallback: 5 },
  { key: 'autoSlowModeSeconds', env: 'AUTO_SLOW_MODE_SECONDS', min: 1, max: 3600, fallback: 10 },
  { key: 'autoSlowModeCalmSeconds', env: 'AUTO_SLOW_MODE_CALM_SECONDS', min: 1, max: 86_400, fallback: 60 },
  { key: 'adminFailuresPerHour', env: 'ADMIN_FAILURES_PER_HOUR', min: 1, max: 10_000, fallback: 10 },
];

/** The documentation of every variable, generated from the same table the parser uses. */
export const CONFIG_VARIABLES = [
  { env: 'HOST', fallback: '127.0.0.1', range: 'an address to listen on' },
  { env: 'LOG_LEVEL', fallback: 'info', range: LOG_LEVELS.join(', ') },
  { env: 'STORAGE', fallback: 'sqlite', range: STORAGES.join(', ') },
  { env: 'DATA_DIR', fallback: 'data', range: 'a directory (created if missing)' },
  { env: 'IMAGE_DIR', fallback: '(unset)', range: 'a directory (created if missing)' },
  { env: 'REDIS_URL', fallback: '(unset)', range: 'a redis:// or rediss:// URL' },
  { env: 'TRUST_PROXY', fallback: '(unset)', range: 'addresses and CIDR ranges, comma-separated' },
  { env: 'ADMIN_TOKEN', fallback: '(unset)', range: 'a secret of at least 32 characters' },
  { env: 'METRICS_TOKEN', fallback: '(unset)', range: 'a secret of at least 32 characters' },
  { env: 'METRICS_PORT', fallback: '(unset)', range: 'a port, 1..65535, other than PORT' },
  ...INT_SETTINGS.map(({ env, min, max, fallback }) => ({ env, fallback: String(fallback), range: `${min}..${max}` })),
];

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the configuration; throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const values: Record<string, number> = {};
  for (const { key, env: name, min, max, fallback } of INT_SETTINGS) {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') {
      values[key] = fallback;
      continue;
    }
    const value = /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(raw)})`);
    }
    values[key] = value;
  }
  const host = env.HOST?.trim() || '127.0.0.1';
  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got ${JSON.stringify(env.LOG_LEVEL)})`);
  }
  const storage = (env.STORAGE?.trim() || 'sqlite') as Storage;
  if (!STORAGES.includes(storage)) {
    problems.push(`STORAGE must be one of ${STORAGES.join(', ')} (got ${JSON.stringify(env.STORAGE)})`);
  }
  const dataDir = env.DATA_DIR?.trim() || 'data';
  const imageDir = env.IMAGE_DIR?.trim() || join(dataDir, 'images');
  const redisUrl = env.REDIS_URL?.trim() || null;
  if (redisUrl !== null && !isRedisUrl(redisUrl)) {
    // The value may hold a password: name the rule, not the value.
    problems.push('REDIS_URL must be a redis:// or rediss:// URL with a host');
  }
  const trustProxy = (env.TRUST_PROXY ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const badProxies = trustProxy.filter((entry) => !isAddressOrRange(entry));
  if (badProxies.length > 0) {
    problems.push(
      `TRUST_PROXY must list addresses or CIDR ranges (not ${badProxies.map((e) => JSON.stringify(e)).join(', ')})`,
    );
  }
  const { uploadMbPerHour, imageMaxBytes } = values as { uploadMbPerHour: number; imageMaxBytes: number };
  if (uploadMbPerHour > 0 && uploadMbPerHour * 1_048_576 < imageMaxBytes) {
    // A budget smaller than one upload would refuse every upload of the largest size for good.
    problems.push('UPLOAD_MB_PER_HOUR must allow at least one upload of IMAGE_MAX_BYTES (or be 0)');
  }
  const adminToken = env.ADMIN_TOKEN?.trim() || null;
  if (adminToken !== null && adminToken.length < 32) {
    // The value is a secret: name the rule, not the value.
    problems.push('ADMIN_TOKEN must be at least 32 characters (e.g. `openssl rand -base64 32`)');
  }
  const metricsToken = env.METRICS_TOKEN?.trim() || null;
  if (metricsToken !== null && metricsToken.length < 32) {
    problems.push('METRICS_TOKEN must be at least 32 characters (e.g. `openssl rand -base64 32`)');
  }
  const metricsPort = parseMetricsPort(env.METRICS_PORT?.trim() || null, values.port, problems);
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return {
    ...(values as unknown as Omit<
      Config,
      | 'host'
      | 'logLevel'
      | 'storage'
      | 'dataDir'
      | 'imageDir'
      | 'redisUrl'
      | 'trustProxy'
      | 'adminToken'
      | 'metricsToken'
      | 'metricsPort'
    >),
    adminToken,
    metricsToken,
    metricsPort,
    trustProxy,
    imageDir,
    host,
    logLevel,
    storage,
    dataDir,
    redisUrl,
  };
}

/** METRICS_PORT: unset, or a port of its own (sharing PORT would fail the start with a less clear error). */
function parseMetricsPort(raw: string | null, port: number | undefined, problems: string[]): number | null {
  if (raw === null) return null;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1 || value > 65535) {
    problems.push(`METRICS_PORT must be a whole number from 1 to 65535 (got ${JSON.stringify(raw)})`);
  } else if (value === port) {
    problems.push(`METRICS_PORT must differ from PORT (both are ${value})`);
  }
  return value;
}

/** `198.51.100.7`, `10.0.0.0/8`, `2001:db8::/32`. */
function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : -1;
  return bits >= 0 && bits <= (family === 4 ? 32 : 128);
}

function isRedisUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
  } catch {
    return false;
  }
}
