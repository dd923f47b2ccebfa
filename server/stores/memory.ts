import type { Config } from '../config.ts';
import { MemoryAliasStore } from './memory-aliases.ts';
import { MemoryGrantStore } from './memory-grants.ts';
import { MemoryHistoryStore } from './memory-history.ts';
import { MemoryIdempotencyStore } from './memory-idempotency.ts';
import { MemoryIdentityStore } from './memory-identities.ts';
import { mailboxLimits } from './mailbox-limits.ts';
import { MemoryMailboxStore } from './memory-mailbox.ts';
import { MemoryPresenceStore } from './memory-presence.ts';
import { MemoryRateLimiter } from './memory-rate-limit.ts';
import type { Stores } from './types.ts';
import { MemoryModerationStore } from './memory-moderation.ts';

const SWEEP_MS = 60_000;

/** The embedded stores: everything in this process, for one machine and for tests. */
export function createMemoryStores(config: Config): Stores {
  const mailbox = new MemoryMailboxStore(mailboxLimits(config));
  const timer = setInterval(() => mailbox.sweep(Date.now()), SWEEP_MS);
  timer.unref();
  return {
    history: new MemoryHistoryStore({
      perRoom: config.historyPerRoom,
      newcomerPerRoom: config.newcomerHistoryPerRoom,
      maxRooms: config.historyMaxRooms,
    }),
    presence: new MemoryPresenceStore(),
    idempotency: new MemoryIdempotencyStore(config.idempotencyTtlMs, config.idempotencyMaxKeys),
    identities: new MemoryIdentityStore(),
    grants: new MemoryGrantStore(),
    moderation: new MemoryModerationStore(),
    aliases: new MemoryAliasStore(),
    mailbox,
    limiter: (_name, shape) => new MemoryRateLimiter(shape),
    close: async () => clearInterval(timer),
  };
}
