/**
 * Every budget a client's requests draw on, built once from the configuration: token buckets
 * per user (or per address) in the stores, so that with Redis a user's connections on every
 * node share one. A budget configured as 0 is off and always allows.
 */
import type { Config } from '../config.ts';
import type { BucketShape, RateLimiter, Stores } from '../stores/types.ts';

export type Budget = RateLimiter;

const UNLIMITED: Budget = { take: async () => 0 };

/** `count` per `windowMs`, all of them at once at most `burst`. */
export function budget(stores: Stores, name: string, count: number, windowMs: number, burst = count): Budget {
  if (count === 0) return UNLIMITED;
  const shape: BucketShape = { burst: Math.max(1, Math.min(burst, count)), refillMs: windowMs / count };
  return stores.limiter(name, shape);
}

const MINUTE = 60_000;

/** How long the per-address budget for new identities takes to refill completely. */
export const NEW_IDENTITIES_WINDOW_MS = 10 * MINUTE;

export function createBudgets(config: Config, stores: Stores) {
  return {
    /** `message:send` and `dm:send`, per user. */
    send: stores.limiter('send', { burst: config.sendBurst, refillMs: 1000 / config.sendPerSecond }),
    /** Sends of a user the relay still holds back as new, on top of `send`. */
    newcomerSend: budget(stores, 'newcomer-send', config.newcomerMessagesPerMinute, MINUTE, 2),
    rename: budget(stores, 'rename', config.renamesPerMinute, MINUTE),
    /** `room:join` and `room:leave` together. */
    rooms: budget(stores, 'rooms', config.joinsPerMinute, MINUTE),
    history: budget(stores, 'history', config.historyPagesPerMinute, MINUTE),
    typing: budget(stores, 'typing', config.typingPerMinute, MINUTE),
    /** Reactions given and taken back (protocol v2); every other kind draws on `send`. */
    react: budget(stores, 'react', config.reactionsPerMinute, MINUTE, 10),
    /** `dm:status`: who of the people this user may DM is online (protocol v2). */
    dmStatus: budget(stores, 'dm-status', config.dmStatusPerMinute, MINUTE),
    /** `report:send` (issue #14), per user. */
    reports: budget(stores, 'reports', config.reportsPerHour, 60 * MINUTE, 5),
    /** `privacy:set` (issue #14), per user. */
    privacy: budget(stores, 'privacy', config.privacyPerMinute, MINUTE),
    /** Identities the relay has not seen before, per address. */
    newIdentities: budget(stores, 'new-identities', config.newIdentitiesPerIp, NEW_IDENTITIES_WINDOW_MS),
  };
}

export type Budgets = ReturnType<typeof createBudgets>;
