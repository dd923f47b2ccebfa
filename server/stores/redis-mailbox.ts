/**
 * Mailboxes in Redis, shared by every node. Per recipient: a sorted set of DM ids scored by when
 * they were kept (the order they are fetched in, and their age), a hash of each id's envelope
 * (ciphertext and its head), a hash of each id's `sender room fromId`, and a hash counting each
 * sender's DMs for their bound. One sorted set of recipients, scored by the age of their oldest
 * DM, lets the sweep find the mailboxes with something past its age without scanning keys, one
 * counter holds the bytes of every envelope kept, for MAILBOX_MAX_MB, and one per sender the
 * bytes they have waiting in all mailboxes, for MAILBOX_SENDER_MB (gone at 0).
 * Every change is one script, so two nodes writing to one mailbox never pass its bounds.
 */
import type { DmReceipt, Envelope, UserId } from '../../protocol/index.ts';
import { KEY_PREFIX, script, type StoreRedis } from './redis-client.ts';
import type { MailboxLimits, MailboxStore, MailedDm, MailOutcome } from './types.ts';

const M = `${KEY_PREFIX}mailbox:`;
const DUE = `${M}due`;
const BYTES = `${M}bytes`;

/** Lua shared by the scripts: key names, dropping one DM, and trimming a mailbox to its age. */
const COMMON = `
  local M, DUE, BYTES = '${M}', '${DUE}', '${BYTES}'
  local function ids(r) return M .. 'ids:' .. r end
  local function dms(r) return M .. 'dms:' .. r end
  local function meta(r) return M .. 'meta:' .. r end
  local function senders(r) return M .. 'senders:' .. r end
  local function sent(sender) return M .. 'sent:' .. sender end
  local function drop(r, id)
    local about = redis.call('HGET', meta(r), id)
    if not about then return nil end
    local sender = string.match(about, '^(%S+) ')
    if redis.call('HINCRBY', senders(r), sender, -1) <= 0 then redis.call('HDEL', senders(r), sender) end
    local bytes = redis.call('HSTRLEN', dms(r), id)
    redis.call('DECRBY', BYTES, bytes)
    if redis.call('DECRBY', sent(sender), bytes) <= 0 then redis.call('DEL', sent(sender)) end
    redis.call('ZREM', ids(r), id)
    redis.call('HDEL', meta(r), id)
    redis.call('HDEL', dms(r), id)
    return about
  end
  -- Drops what is past its age and files the mailbox under its oldest DM's time (or forgets it).
  local function trim(r, oldest)
    for _, id in ipairs(redis.call('ZRANGE', ids(r), '-inf', oldest, 'BYSCORE')) do drop(r, id) end
    local first = redis.call('ZRANGE', ids(r), 0, 0, 'WITHSCORES')
    if first[2] then redis.call('ZADD', DUE, first[2], r) else redis.call('ZREM', DUE, r) end
  end
`;

/**
 * ARGV: recipient, sender, id, room, fromId, envelope, now, ttlMs, perRecipient, perSender,
 * maxBytes, senderMaxBytes (-1: none).
 */
const PUT = script(`${COMMON}
  local r, sender, id = ARGV[1], ARGV[2], ARGV[3]
  local now, ttl = tonumber(ARGV[7]), tonumber(ARGV[8])
  trim(r, now - ttl)
  if redis.call('ZSCORE', ids(r), id) then return 'kept' end
  if redis.call('ZCARD', ids(r)) >= tonumber(ARGV[9]) then return 'full' end
  if tonumber(redis.call('HGET', senders(r), sender) or '0') >= tonumber(ARGV[10]) then return 'full' end
  local sender_max = tonumber(ARGV[12])
  if sender_max >= 0 and tonumber(redis.call('GET', sent(sender)) or '0') + #ARGV[6] > sender_max then
    return 'sender_full'
  end
  local max_bytes = tonumber(ARGV[11])
  if max_bytes >= 0 and tonumber(redis.call('GET', BYTES) or '0') + #ARGV[6] > max_bytes then return 'no_room' end
  redis.call('INCRBY', BYTES, #ARGV[6])
  redis.call('INCRBY', sent(sender), #ARGV[6])
  redis.call('ZADD', ids(r), now, id)
  redis.call('HSET', dms(r), id, ARGV[6])
  redis.call('HSET', meta(r), id, sender .. ' ' .. ARGV[4] .. ' ' .. ARGV[5])
  redis.call('HINCRBY', senders(r), sender, 1)
  redis.call('ZADD', DUE, 'NX', now, r)
  return 'kept'
`);

/** ARGV: recipient, now, ttlMs, limit. Answers the envelopes, oldest first. */
const WAITING = script(`${COMMON}
  local r = ARGV[1]
  trim(r, tonumber(ARGV[2]) - tonumber(ARGV[3]))
  local found = redis.call('ZRANGE', ids(r), 0, tonumber(ARGV[4]) - 1)
  if #found == 0 then return {} end
  return redis.call('HMGET', dms(r), unpack(found))
`);

/** ARGV: recipient, now, ttlMs, then id, room, fromId per receipt. Answers sender, envelope per DM taken. */
const TAKE = script(`${COMMON}
  local r = ARGV[1]
  trim(r, tonumber(ARGV[2]) - tonumber(ARGV[3]))
  local taken = {}
  for i = 4, #ARGV, 3 do
    local id = ARGV[i]
    local about = redis.call('HGET', meta(r), id)
    if about and about == string.match(about, '^%S+ ') .. ARGV[i + 1] .. ' ' .. ARGV[i + 2] then
      local envelope = redis.call('HGET', dms(r), id)
      drop(r, id)
      table.insert(taken, string.match(about, '^(%S+) '))
      table.insert(taken, envelope)
    end
  end
  trim(r, tonumber(ARGV[2]) - tonumber(ARGV[3]))
  return taken
`);

/** ARGV: now, ttlMs, batch. Trims the mailboxes whose oldest DM is past its age; answers how many. */
const SWEEP = script(`${COMMON}
  local oldest = tonumber(ARGV[1]) - tonumber(ARGV[2])
  local due = redis.call('ZRANGE', DUE, '-inf', oldest, 'BYSCORE', 'LIMIT', 0, tonumber(ARGV[3]))
  for _, r in ipairs(due) do trim(r, oldest) end
  return #due
`);

/** Mailboxes one sweep step trims; it goes on while a step finds a full batch. */
const SWEEP_BATCH = 100;

export class RedisMailboxStore implements MailboxStore {
  constructor(
    private readonly redis: StoreRedis,
    private readonly limits: MailboxLimits,
  ) {}

  async put(recipient: UserId, sender: UserId, envelope: Envelope<'sealed'>, now: number): Promise<MailOutcome> {
    const { perRecipient, perSender, ttlMs, maxBytes, senderMaxBytes } = this.limits;
    const args = [recipient, sender, envelope.id, envelope.room, envelope.from.id, JSON.stringify(envelope)];
    const bound = (bytes: number) => (bytes === Infinity ? -1 : bytes);
    const bounds = [perRecipient, perSender, bound(maxBytes), bound(senderMaxBytes)];
    return (await PUT(this.redis, [], [...args, now, ttlMs, ...bounds])) as MailOutcome;
  }

  async waiting(recipient: UserId, limit: number, now: number): Promise<Envelope<'sealed'>[]> {
    const found = (await WAITING(this.redis, [], [recipient, now, this.limits.ttlMs, limit])) as Array<string | null>;
    return found.flatMap((json) => (json === null ? [] : [JSON.parse(json) as Envelope<'sealed'>]));
  }

  async take(recipient: UserId, receipts: readonly DmReceipt[], now: number): Promise<MailedDm[]> {
    const named = receipts.flatMap(({ id, room, from }) => [id, room, from]);
    const flat = (await TAKE(this.redis, [], [recipient, now, this.limits.ttlMs, ...named])) as string[];
    const taken: MailedDm[] = [];
    for (let i = 0; i < flat.length; i += 2)
      taken.push({ sender: String(flat[i]), envelope: JSON.parse(String(flat[i + 1])) as Envelope<'sealed'> });
    return taken;
  }

  /** Drops every DM past its age, a batch of mailboxes at a time. */
  async sweep(now: number): Promise<void> {
    while ((await SWEEP(this.redis, [], [now, this.limits.ttlMs, SWEEP_BATCH])) === SWEEP_BATCH);
  }
}
