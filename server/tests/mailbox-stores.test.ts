/**
 * The mailbox store's contract (issue #15: sealed DMs kept for their addressee until their
 * browser has them), run against every implementation: in memory, SQLite (on a temporary data
 * directory) and Redis (a real redis-server started for this file): order, bounds per recipient,
 * per sender, in bytes per sender across mailboxes and in bytes for all, receipts that must name the DM exactly, the age limit on reads
 * and in the sweep.
 */
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Envelope } from '../../protocol/index.ts';
import { MemoryMailboxStore } from '../stores/memory-mailbox.ts';
import { RedisMailboxStore } from '../stores/redis-mailbox.ts';
import { StoreRedis } from '../stores/redis-client.ts';
import { SqliteMailboxStore } from '../stores/sqlite-mailbox.ts';
import { openDatabase } from '../stores/sqlite.ts';
import type { MailboxLimits, MailboxStore } from '../stores/types.ts';
import { newRoom } from './harness.ts';
import { storeFixtures } from './store-fixtures.ts';

const fixtures = storeFixtures('samepage-mailbox-');

interface Made {
  mailbox: MailboxStore;
  sweep(now: number): Promise<void> | void;
}

const kinds: Record<string, (limits: MailboxLimits) => Promise<Made>> = {
  memory: async (limits) => {
    const mailbox = new MemoryMailboxStore(limits);
    return { mailbox, sweep: (now) => mailbox.sweep(now) };
  },
  sqlite: async (limits) => {
    const db = openDatabase(fixtures.tempDir());
    onTestFinished(() => void db.close());
    const mailbox = new SqliteMailboxStore(db, limits);
    return { mailbox, sweep: (now) => mailbox.sweep(now) };
  },
  redis: async (limits) => {
    // One Redis for the file: each test starts from an empty one, its byte count at 0.
    await fixtures.redis.command(['FLUSHALL']);
    const client = createClient({ url: fixtures.redis.url });
    await client.connect();
    onTestFinished(() => client.destroy());
    const mailbox = new RedisMailboxStore(new StoreRedis(client, 2000), limits);
    return { mailbox, sweep: (now) => mailbox.sweep(now) };
  },
};

let people = 0;
const newPerson = (): string => `person${String(++people).padStart(16, '0')}`;
let ids = 0;
const DAY = 86_400_000;
const NOW = Date.now();
const LIMITS: MailboxLimits = {
  perRecipient: 5,
  perSender: 3,
  ttlMs: DAY,
  maxBytes: Infinity,
  senderMaxBytes: Infinity,
};

/** A sealed DM from `from` to `to` in `room`, its body random bytes. */
function sealedDm(room: string, from: string, to: string): Envelope<'sealed'> {
  return {
    id: `m${String(++ids).padStart(10, '0')}`,
    clientId: randomBytes(9).toString('base64url'),
    room,
    from: { id: from, name: 'Sender', key: randomBytes(32).toString('base64url') },
    to,
    at: NOW,
    kind: 'sealed',
    body: { enc: randomBytes(32).toString('base64url'), ct: randomBytes(48).toString('base64url') },
  };
}

const receiptOf = (envelope: Envelope) => ({ room: envelope.room, from: envelope.from.id, id: envelope.id });

describe.each(Object.entries(kinds))('%s mailboxes', (_kind, make) => {
  it('answer what waits oldest first, at most `limit`, each DM once however often it is put', async () => {
    const { mailbox } = await make(LIMITS);
    const [bob, ann, cy] = [newPerson(), newPerson(), newPerson()];
    const room = newRoom();
    const dms = [sealedDm(room, ann, bob), sealedDm(room, cy, bob), sealedDm(room, ann, bob)];
    for (const [n, dm] of dms.entries()) expect(await mailbox.put(bob, dm.from.id, dm, NOW + n)).toBe('kept');
    expect(await mailbox.put(bob, ann, dms[0] as Envelope<'sealed'>, NOW + 5)).toBe('kept');
    expect(await mailbox.waiting(bob, 10, NOW + 6)).toEqual(dms);
    expect(await mailbox.waiting(bob, 2, NOW + 6)).toEqual(dms.slice(0, 2));
    expect(await mailbox.waiting(ann, 10, NOW + 6)).toEqual([]);
  });

  it('are full for one sender past their share, and for everyone past the mailbox’s', async () => {
    const { mailbox } = await make(LIMITS);
    const [bob, ann, cy, dee] = [newPerson(), newPerson(), newPerson(), newPerson()];
    const room = newRoom();
    for (let n = 0; n < 3; n++) expect(await mailbox.put(bob, ann, sealedDm(room, ann, bob), NOW)).toBe('kept');
    expect(await mailbox.put(bob, ann, sealedDm(room, ann, bob), NOW)).toBe('full');
    expect(await mailbox.put(cy, ann, sealedDm(room, ann, cy), NOW)).toBe('kept');
    for (let n = 0; n < 2; n++) expect(await mailbox.put(bob, cy, sealedDm(room, cy, bob), NOW)).toBe('kept');
    expect(await mailbox.put(bob, dee, sealedDm(room, dee, bob), NOW)).toBe('full');
    expect(await mailbox.waiting(bob, 10, NOW)).toHaveLength(5);
  });

  it('give up exactly the DMs receipts name, with their senders, which frees their room', async () => {
    const { mailbox } = await make(LIMITS);
    const [bob, ann] = [newPerson(), newPerson()];
    const room = newRoom();
    const dms = [sealedDm(room, ann, bob), sealedDm(room, ann, bob), sealedDm(room, ann, bob)];
    for (const dm of dms) await mailbox.put(bob, ann, dm, NOW);
    const [first, second, third] = dms as [Envelope<'sealed'>, Envelope<'sealed'>, Envelope<'sealed'>];
    const misnamed = [
      { ...receiptOf(first), room: newRoom() },
      { ...receiptOf(first), from: bob },
      { ...receiptOf(first), id: 'm-none' },
    ];
    expect(await mailbox.take(bob, misnamed, NOW)).toEqual([]);
    expect(await mailbox.take(ann, [receiptOf(first)], NOW)).toEqual([]);
    expect(await mailbox.take(bob, [receiptOf(first), receiptOf(third)], NOW)).toEqual([
      { sender: ann, envelope: first },
      { sender: ann, envelope: third },
    ]);
    expect(await mailbox.take(bob, [receiptOf(first)], NOW)).toEqual([]);
    expect(await mailbox.waiting(bob, 10, NOW)).toEqual([second]);
    expect(await mailbox.put(bob, ann, sealedDm(room, ann, bob), NOW)).toBe('kept');
    expect(await mailbox.put(bob, ann, sealedDm(room, ann, bob), NOW)).toBe('kept');
    expect(await mailbox.put(bob, ann, sealedDm(room, ann, bob), NOW)).toBe('full');
  });

  it('drop what is past its age on reads and writes, which frees its room', async () => {
    const { mailbox } = await make(LIMITS);
    const [bob, ann] = [newPerson(), newPerson()];
    const room = newRoom();
    const old = sealedDm(room, ann, bob);
    await mailbox.put(bob, ann, old, NOW);
    for (let n = 0; n < 2; n++) await mailbox.put(bob, ann, sealedDm(room, ann, bob), NOW + DAY / 2);
    expect(await mailbox.waiting(bob, 10, NOW + DAY - 1)).toHaveLength(3);
    expect(await mailbox.put(bob, ann, sealedDm(room, ann, bob), NOW + DAY)).toBe('kept');
    const left = await mailbox.waiting(bob, 10, NOW + DAY);
    expect(left).toHaveLength(3);
    expect(left).not.toContainEqual(old);
    expect(await mailbox.waiting(bob, 10, NOW + 2 * DAY)).toEqual([]);
  });

  it('hold at most maxBytes of envelopes together, freed as DMs are taken or expire', async () => {
    const [bob, cy, ann] = [newPerson(), newPerson(), newPerson()];
    const room = newRoom();
    const dms = [sealedDm(room, ann, bob), sealedDm(room, ann, cy), sealedDm(room, ann, cy)];
    const size = Buffer.byteLength(JSON.stringify(dms[0]));
    expect(dms.map((dm) => Buffer.byteLength(JSON.stringify(dm)))).toEqual([size, size, size]);
    const { mailbox, sweep } = await make({ ...LIMITS, maxBytes: 2 * size });
    const [first, second, third] = dms as [Envelope<'sealed'>, Envelope<'sealed'>, Envelope<'sealed'>];
    expect(await mailbox.put(bob, ann, first, NOW)).toBe('kept');
    expect(await mailbox.put(cy, ann, second, NOW + DAY / 2)).toBe('kept');
    expect(await mailbox.put(cy, ann, third, NOW + DAY / 2)).toBe('no_room');
    expect(await mailbox.take(cy, [receiptOf(second)], NOW + DAY / 2)).toHaveLength(1);
    expect(await mailbox.put(cy, ann, third, NOW + DAY / 2)).toBe('kept');
    expect(await mailbox.put(cy, ann, sealedDm(room, ann, cy), NOW + DAY / 2)).toBe('no_room');
    await sweep(NOW + DAY);
    expect(await mailbox.put(cy, ann, sealedDm(room, ann, cy), NOW + DAY)).toBe('kept');
  });

  it('hold at most senderMaxBytes of one sender’s envelopes in all mailboxes, freed as DMs are taken or expire', async () => {
    const [bob, cy, dee, ann, eve] = [newPerson(), newPerson(), newPerson(), newPerson(), newPerson()];
    const room = newRoom();
    const size = Buffer.byteLength(JSON.stringify(sealedDm(room, ann, bob)));
    const { mailbox, sweep } = await make({ ...LIMITS, senderMaxBytes: 2 * size });
    const first = sealedDm(room, ann, bob);
    expect(await mailbox.put(bob, ann, first, NOW)).toBe('kept');
    expect(await mailbox.put(cy, ann, sealedDm(room, ann, cy), NOW + DAY / 2)).toBe('kept');
    // Each mailbox has room for more from Ann, but she has her share waiting in them together.
    expect(await mailbox.put(dee, ann, sealedDm(room, ann, dee), NOW + DAY / 2)).toBe('sender_full');
    expect(await mailbox.put(bob, ann, sealedDm(room, ann, bob), NOW + DAY / 2)).toBe('sender_full');
    // Others are not held to Ann's share.
    expect(await mailbox.put(dee, eve, sealedDm(room, eve, dee), NOW + DAY / 2)).toBe('kept');
    expect(await mailbox.put(bob, eve, sealedDm(room, eve, bob), NOW + DAY / 2)).toBe('kept');
    expect(await mailbox.take(bob, [receiptOf(first)], NOW + DAY / 2)).toHaveLength(1);
    expect(await mailbox.put(dee, ann, sealedDm(room, ann, dee), NOW + DAY / 2)).toBe('kept');
    expect(await mailbox.put(bob, ann, sealedDm(room, ann, bob), NOW + DAY / 2)).toBe('sender_full');
    await sweep(NOW + 1.5 * DAY);
    expect(await mailbox.put(bob, ann, sealedDm(room, ann, bob), NOW + 1.5 * DAY)).toBe('kept');
    expect(await mailbox.put(cy, ann, sealedDm(room, ann, cy), NOW + 1.5 * DAY)).toBe('kept');
    expect(await mailbox.put(dee, ann, sealedDm(room, ann, dee), NOW + 1.5 * DAY)).toBe('sender_full');
  });

  it('are swept of what is past its age, without a read', async () => {
    const { mailbox, sweep } = await make(LIMITS);
    const [bob, ann] = [newPerson(), newPerson()];
    const room = newRoom();
    const fresh = sealedDm(room, ann, bob);
    await mailbox.put(bob, ann, sealedDm(room, ann, bob), NOW);
    await mailbox.put(bob, ann, fresh, NOW + DAY / 2);
    await sweep(NOW + DAY);
    // Read as of the time they were put: only the sweep can have dropped the old one.
    expect(await mailbox.waiting(bob, 10, NOW + DAY / 2)).toEqual([fresh]);
  });
});

describe('mailboxes', () => {
  it('in SQLite outlive the database being closed and opened again', async () => {
    const dir = fixtures.tempDir();
    const [bob, ann] = [newPerson(), newPerson()];
    const dm = sealedDm(newRoom(), ann, bob);
    const first = openDatabase(dir);
    const size = Buffer.byteLength(JSON.stringify(dm));
    await new SqliteMailboxStore(first, LIMITS).put(bob, ann, dm, NOW);
    first.close();
    const again = openDatabase(dir);
    onTestFinished(() => void again.close());
    // Reopened, it counts the bytes it holds already against its bound.
    const reopened = new SqliteMailboxStore(again, { ...LIMITS, maxBytes: 2 * size - 1 });
    expect(await reopened.waiting(bob, 10, NOW)).toEqual([dm]);
    expect(await reopened.put(bob, ann, sealedDm(dm.room, ann, bob), NOW)).toBe('no_room');
  });

  it('in Redis leave no key behind once emptied, by receipts or by the sweep', async () => {
    const { mailbox, sweep } = await (kinds.redis as (limits: MailboxLimits) => Promise<Made>)(LIMITS);
    const [bob, cy, ann] = [newPerson(), newPerson(), newPerson()];
    const room = newRoom();
    const dm = sealedDm(room, ann, bob);
    await mailbox.put(bob, ann, dm, NOW);
    await mailbox.put(cy, ann, sealedDm(room, ann, cy), NOW);
    await mailbox.take(bob, [receiptOf(dm)], NOW);
    await sweep(NOW + DAY);
    // Ann's count of bytes waiting goes with her last DM.
    for (const person of [bob, cy, ann]) {
      expect(await fixtures.redis.command(['--scan', '--pattern', `samepage:mailbox:*${person}`])).toBe('');
      expect((await fixtures.redis.command(['ZSCORE', 'samepage:mailbox:due', person])).trim()).toBe('');
    }
  });
});
