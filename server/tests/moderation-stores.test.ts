/**
 * The moderation store's contract (issue #14: reports, bans, room modes, the audit log, DM
 * privacy settings, repeated-text counts), run against every implementation: in memory, SQLite
 * (on a temporary data directory) and Redis (a real redis-server started for this file); then
 * what only one of them does: SQLite's sweep and reopening, Redis shared by several nodes.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createClient } from 'redis';
import { beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { REPEAT_WINDOW_MS, type Message } from '../../protocol/index.ts';
import { addressKey } from '../net/client-address.ts';
import { MemoryModerationStore } from '../stores/memory-moderation.ts';
import { StoreRedis } from '../stores/redis-client.ts';
import { RedisModerationStore } from '../stores/redis-moderation.ts';
import { SqliteModerationStore } from '../stores/sqlite-moderation.ts';
import { openDatabase } from '../stores/sqlite.ts';
import {
  MODERATION_LIMITS,
  type AuditEntry,
  type Ban,
  type ModerationLimits,
  type ModerationStore,
  type Report,
} from '../stores/types.ts';
import { newRoom } from './harness.ts';
import { storeFixtures } from './store-fixtures.ts';

const fixtures = storeFixtures('samepage-moderation-');

const NOW = Date.UTC(2026, 11, 3, 10, 0);
const MINUTE = 60_000;
const DAY = 86_400_000;
/** The stores' clock (privacy retention, whether a room mode is still on): tests move it. */
let clock = NOW;
beforeEach(() => {
  clock = NOW;
});

/** A store of each kind with these limits, on fresh storage, closed after the test. */
const kinds: Record<string, (limits?: Partial<ModerationLimits>) => Promise<ModerationStore>> = {
  memory: async (limits) => new MemoryModerationStore({ ...MODERATION_LIMITS, ...limits }, () => clock),
  sqlite: async (limits) => {
    const db = openDatabase(fixtures.tempDir());
    onTestFinished(() => void db.close());
    return new SqliteModerationStore(db, { ...MODERATION_LIMITS, ...limits }, () => clock);
  },
  redis: async (limits) => {
    await fixtures.redis.command(['FLUSHALL']);
    const client = createClient({ url: fixtures.redis.url });
    await client.connect();
    onTestFinished(() => client.destroy());
    return new RedisModerationStore(new StoreRedis(client, 2000), { ...MODERATION_LIMITS, ...limits }, () => clock);
  },
};

let users = 0;
const newUser = (): string => `user${String(++users).padStart(18, '0')}`;
let ids = 0;
/** Ids in the order they are made, as the relay's are. */
const nextId = (): string => `0${String(++ids).padStart(12, '0')}abcd`;

const messageOf = (room: string, from: string): Message => ({
  id: nextId(),
  clientId: 'client0001',
  room,
  from: { id: from, name: 'Bea' },
  at: NOW - MINUTE,
  kind: 'text',
  body: { text: 'buy cheap watches' },
  reactions: [],
});

const reportOf = (room: string, reported: string, extra: Partial<Report> = {}): Report => ({
  id: nextId(),
  room,
  reported,
  reporter: newUser(),
  reason: 'spam',
  dm: false,
  at: NOW,
  ...extra,
});

const entryOf = (action: string): AuditEntry => ({
  id: nextId(),
  at: NOW,
  actor: 'operator 127.0.0.1',
  action,
  target: newUser(),
  detail: { minutes: 60 },
});

type BanExtra = Pick<Partial<Ban>, 'reason' | 'at'>;
const userBan = (user: string, minutes: number, extra: BanExtra = {}): Ban => ({
  user,
  until: NOW + minutes * MINUTE,
  at: NOW,
  ...extra,
});
const addressBan = (address: string, minutes: number, extra: BanExtra = {}): Ban => ({
  address,
  until: NOW + minutes * MINUTE,
  at: NOW,
  ...extra,
});

describe.each(Object.entries(kinds))('%s moderation', (_kind, make) => {
  describe('reports', () => {
    it('answer newest first, as kept, filtered by the person reported and by room', async () => {
      const store = await make();
      const [bea, cy] = [newUser(), newUser()];
      const [room, other] = [newRoom(), newRoom()];
      const first = reportOf(room, bea, { message: messageOf(room, bea), note: 'spam again', messageId: 'x' });
      const second = reportOf(other, bea, { dm: true, text: 'a DM the reporter chose to include' });
      const third = reportOf(room, cy, { reason: 'harassment' });
      for (const report of [first, second, third]) await store.addReport(report);
      expect(await store.reports({ limit: 10 })).toEqual([third, second, first]);
      expect(await store.reports({ reported: bea, limit: 10 })).toEqual([second, first]);
      expect(await store.reports({ room, limit: 10 })).toEqual([third, first]);
      expect(await store.reports({ reported: bea, room, limit: 10 })).toEqual([first]);
      expect(await store.reports({ reported: newUser(), limit: 10 })).toEqual([]);
    });

    it('page by `before`, a limit at a time', async () => {
      const store = await make();
      const bea = newUser();
      const room = newRoom();
      const all = Array.from({ length: 7 }, () => reportOf(room, bea));
      for (const report of all) await store.addReport(report);
      await store.addReport(reportOf(room, newUser()));
      const newestFirst = [...all].reverse();
      const page1 = await store.reports({ reported: bea, limit: 3 });
      expect(page1).toEqual(newestFirst.slice(0, 3));
      const page2 = await store.reports({ reported: bea, before: page1.at(-1)?.id ?? '', limit: 3 });
      expect(page2).toEqual(newestFirst.slice(3, 6));
      const page3 = await store.reports({ reported: bea, before: page2.at(-1)?.id ?? '', limit: 3 });
      expect(page3).toEqual(newestFirst.slice(6));
      expect(await store.reports({ room, before: all[1]?.id ?? '', limit: 10 })).toEqual([all[0]]);
    });

    it('keep at most the bound, the oldest going first from every filter', async () => {
      const store = await make({ reports: 3 });
      const [bea, cy] = [newUser(), newUser()];
      const room = newRoom();
      const reports = [reportOf(room, bea), reportOf(room, cy), reportOf(room, bea), reportOf(room, cy)];
      for (const report of reports) await store.addReport(report);
      expect(await store.reports({ limit: 10 })).toEqual(reports.slice(1).reverse());
      expect(await store.reports({ reported: bea, limit: 10 })).toEqual([reports[2]]);
      expect(await store.reports({ room, limit: 10 })).toEqual(reports.slice(1).reverse());
    });
  });

  describe('bans', () => {
    it('of a user hold until they end or are lifted', async () => {
      const store = await make();
      const [bea, cy] = [newUser(), newUser()];
      const ban = userBan(bea, 60, { reason: 'spam' });
      expect(await store.ban(ban)).toBe(true);
      expect(await store.banOf(bea, '198.51.100.1', NOW + MINUTE)).toEqual(ban);
      expect(await store.banOf(cy, '198.51.100.1', NOW + MINUTE)).toBeNull();
      expect(await store.banOf(bea, '198.51.100.1', NOW + 60 * MINUTE)).toBeNull();
      expect(await store.unban({ user: bea })).toBe(true);
      expect(await store.banOf(bea, '198.51.100.1', NOW + MINUTE)).toBeNull();
      expect(await store.unban({ user: bea })).toBe(false);
    });

    it('of an address hold for it exactly, and of a range for every address in it', async () => {
      const store = await make();
      const someone = newUser();
      await store.ban(addressBan('198.51.100.7', 60));
      await store.ban(addressBan('203.0.113.0/24', 60));
      await store.ban(addressBan('2001:db8::/32', 60));
      const bannedAt = async (address: string): Promise<string | null> =>
        (await store.banOf(someone, address, NOW + MINUTE))?.address ?? null;
      expect(await bannedAt('198.51.100.7')).toBe('198.51.100.7');
      expect(await bannedAt('198.51.100.8')).toBeNull();
      expect(await bannedAt('203.0.113.1')).toBe('203.0.113.0/24');
      expect(await bannedAt('203.0.113.254')).toBe('203.0.113.0/24');
      expect(await bannedAt('::ffff:203.0.113.7')).toBe('203.0.113.0/24');
      expect(await bannedAt('203.0.114.1')).toBeNull();
      expect(await bannedAt(addressKey('2001:db8:5:6::1'))).toBe('2001:db8::/32');
      expect(await bannedAt(addressKey('2001:db9::1'))).toBeNull();
      expect(await bannedAt('unknown')).toBeNull();
    });

    it('keep an address in one spelling, so the same range is one ban and can be lifted as typed', async () => {
      const store = await make();
      await store.ban(addressBan('203.0.113.9/24', 60));
      await store.ban(addressBan('203.0.113.0/24', 90));
      await store.ban(addressBan('::ffff:198.51.100.7', 60));
      await store.ban(addressBan('2001:DB8:1:2::77', 60));
      expect((await store.bans(NOW)).map((ban) => ban.address)).toEqual([
        '2001:db8:1:2::/64',
        '198.51.100.7',
        '203.0.113.0/24',
      ]);
      expect(await store.banOf(newUser(), addressKey('2001:db8:1:2::5'), NOW)).toMatchObject({
        until: NOW + 60 * MINUTE,
      });
      expect(await store.unban({ address: '203.0.113.77/24' })).toBe(true);
      expect(await store.unban({ address: '::FFFF:c633:6407' })).toBe(true);
      expect((await store.bans(NOW)).map((ban) => ban.address)).toEqual(['2001:db8:1:2::/64']);
    });

    it('answer the longest of those that apply', async () => {
      const store = await make();
      const bea = newUser();
      const long = addressBan('203.0.113.0/24', 120);
      await store.ban(userBan(bea, 60));
      await store.ban(long);
      await store.ban(addressBan('203.0.113.7', 90));
      expect(await store.banOf(bea, '203.0.113.7', NOW)).toEqual(long);
      const longer = userBan(bea, 180);
      await store.ban(longer);
      expect(await store.banOf(bea, '203.0.113.7', NOW)).toEqual(longer);
      expect(await store.banOf(bea, '192.0.2.1', NOW)).toEqual(longer);
    });

    it('list those in force newest first, a renewed one first, ended ones dropped', async () => {
      const store = await make();
      const [bea, cy] = [newUser(), newUser()];
      const short = userBan(bea, 10);
      const range = addressBan('203.0.113.0/24', 60);
      const cyBan = userBan(cy, 60);
      for (const ban of [short, range, cyBan]) await store.ban(ban);
      expect(await store.bans(NOW)).toEqual([cyBan, range, short]);
      const renewed = addressBan('203.0.113.0/24', 120, { at: NOW + MINUTE, reason: 'again' });
      await store.ban(renewed);
      expect(await store.bans(NOW + MINUTE)).toEqual([renewed, cyBan, short]);
      expect(await store.bans(NOW + 10 * MINUTE)).toEqual([renewed, cyBan]);
      // Dropped, not just hidden: lifting it finds nothing.
      expect(await store.unban({ user: bea })).toBe(false);
      expect(await store.banOf(bea, '198.51.100.1', NOW)).toBeNull();
    });

    it('are refused past the bound, unless one replaces a ban in force or others have ended', async () => {
      const store = await make({ bans: 2 });
      const [bea, cy, dee] = [newUser(), newUser(), newUser()];
      expect(await store.ban(userBan(bea, 10))).toBe(true);
      expect(await store.ban(addressBan('203.0.113.7', 60))).toBe(true);
      expect(await store.ban(userBan(cy, 60))).toBe(false);
      expect(await store.banOf(cy, '198.51.100.1', NOW)).toBeNull();
      expect(await store.ban(userBan(bea, 30))).toBe(true);
      expect(await store.ban(userBan(dee, 60, { at: NOW + 30 * MINUTE }))).toBe(true);
      expect((await store.bans(NOW + 30 * MINUTE)).map((ban) => ban.user ?? ban.address)).toEqual([dee, '203.0.113.7']);
    });
  });

  describe('room modes', () => {
    it('are the default until set, and merge what each change gives', async () => {
      const store = await make();
      const room = newRoom();
      expect(await store.roomMode(room)).toEqual({ slowModeSeconds: 0, readOnly: false });
      expect(await store.setRoomMode(room, { slowModeSeconds: 30 })).toEqual({ slowModeSeconds: 30, readOnly: false });
      expect(await store.setRoomMode(room, { readOnly: true })).toEqual({ slowModeSeconds: 30, readOnly: true });
      const auto = { autoUntil: NOW + MINUTE, autoSeconds: 10 };
      expect(await store.setRoomMode(room, auto)).toEqual({ slowModeSeconds: 30, readOnly: true, ...auto });
      expect(await store.roomMode(room)).toEqual({ slowModeSeconds: 30, readOnly: true, ...auto });
      expect(await store.roomMode(newRoom())).toEqual({ slowModeSeconds: 0, readOnly: false });
      const cleared = await store.setRoomMode(room, { autoUntil: undefined, autoSeconds: undefined });
      expect(cleared).toStrictEqual({ slowModeSeconds: 30, readOnly: true });
      expect(await store.roomMode(room)).toStrictEqual({ slowModeSeconds: 30, readOnly: true });
    });

    it('keep at most the bound, forgetting the one changed longest ago; one back to the default is not kept', async () => {
      const store = await make({ roomModes: 2 });
      const [a, b, c, d] = [newRoom(), newRoom(), newRoom(), newRoom()];
      await store.setRoomMode(a, { slowModeSeconds: 5 });
      await store.setRoomMode(b, { readOnly: true });
      await store.setRoomMode(a, { slowModeSeconds: 6 });
      await store.setRoomMode(c, { slowModeSeconds: 7 });
      expect(await store.roomMode(b)).toEqual({ slowModeSeconds: 0, readOnly: false });
      expect(await store.roomMode(a)).toEqual({ slowModeSeconds: 6, readOnly: false });
      // Back to the default: not kept, so it takes no place from the others.
      expect(await store.setRoomMode(a, { slowModeSeconds: 0 })).toEqual({ slowModeSeconds: 0, readOnly: false });
      await store.setRoomMode(d, { slowModeSeconds: 8 });
      expect(await store.roomMode(c)).toEqual({ slowModeSeconds: 7, readOnly: false });
      expect(await store.roomMode(d)).toEqual({ slowModeSeconds: 8, readOnly: false });
      // An automatic slow mode that has already ended is the default too.
      await store.setRoomMode(newRoom(), { autoUntil: NOW - 1, autoSeconds: 10 });
      expect(await store.roomMode(c)).toEqual({ slowModeSeconds: 7, readOnly: false });
    });
  });

  describe('the audit log', () => {
    it('answers newest first, at most the limit asked, and keeps at most its bound', async () => {
      const store = await make({ audit: 3 });
      const entries = ['ban.add', 'message.delete', 'room.slow-mode', 'ban.remove'].map(entryOf);
      for (const entry of entries) await store.audit(entry);
      expect(await store.auditLog(10)).toEqual(entries.slice(1).reverse());
      expect(await store.auditLog(2)).toEqual(entries.slice(2).reverse());
      expect(await store.auditLog(0)).toEqual([]);
    });
  });

  describe('privacy settings', () => {
    it('are what the user set last, kept for the retention after it was set', async () => {
      const store = await make();
      const [ann, bea, cy] = [newUser(), newUser(), newUser()];
      expect(await store.privacyOf(ann)).toBeNull();
      const first = { blocked: [bea], dms: 'replied' as const, contacts: [cy] };
      await store.setPrivacy(ann, first, NOW);
      expect(await store.privacyOf(ann)).toEqual(first);
      const second = { blocked: [], dms: 'nobody' as const, contacts: [] };
      await store.setPrivacy(ann, second, NOW + DAY);
      expect(await store.privacyOf(ann)).toEqual(second);
      await store.setPrivacy(bea, first, NOW);
      clock = NOW + MODERATION_LIMITS.privacyRetentionMs;
      expect(await store.privacyOf(bea)).toBeNull();
      expect(await store.privacyOf(ann)).toEqual(second);
      clock = NOW + DAY + MODERATION_LIMITS.privacyRetentionMs;
      expect(await store.privacyOf(ann)).toBeNull();
      await store.setPrivacy(ann, first, clock);
      expect(await store.privacyOf(ann)).toEqual(first);
    });
  });

  describe('repeated text', () => {
    it('counts one user’s runs of the same text within the window from the first', async () => {
      const store = await make();
      const [ann, bea] = [newUser(), newUser()];
      const window = REPEAT_WINDOW_MS;
      expect((await store.countRepeat(ann, 'h1', NOW, window)).count).toBe(1);
      expect((await store.countRepeat(ann, 'h1', NOW + 1000, window)).count).toBe(2);
      expect((await store.countRepeat(bea, 'h1', NOW + 2000, window)).count).toBe(1);
      expect((await store.countRepeat(ann, 'h1', NOW + window - 1, window)).count).toBe(3);
      expect(await store.countRepeat(ann, 'h1', NOW + window - 1, window)).toEqual({ count: 4, since: NOW });
      // The window runs from the first of the run, not the latest.
      expect((await store.countRepeat(ann, 'h1', NOW + window, window)).count).toBe(1);
      expect(await store.countRepeat(ann, 'h1', NOW + window + 1, window)).toEqual({ count: 2, since: NOW + window });
      // New text starts a new run; only the latest text is remembered.
      expect((await store.countRepeat(ann, 'h2', NOW + window + 2, window)).count).toBe(1);
      expect((await store.countRepeat(ann, 'h1', NOW + window + 3, window)).count).toBe(1);
      expect((await store.countRepeat(bea, 'h1', NOW + 3000, window)).count).toBe(2);
    });
  });
});

describe('memory moderation', () => {
  it('keeps privacy settings and repeat counts for at most its bound of users, forgetting the oldest', async () => {
    const store = new MemoryModerationStore({ ...MODERATION_LIMITS, privacyUsers: 2 }, () => clock);
    const [ann, bea, cy] = [newUser(), newUser(), newUser()];
    const settings = { blocked: [], dms: 'nobody' as const, contacts: [] };
    for (const [n, user] of [ann, bea, cy].entries()) {
      await store.setPrivacy(user, settings, NOW + n);
      await store.countRepeat(user, 'h', NOW + n, REPEAT_WINDOW_MS);
    }
    expect(await store.privacyOf(ann)).toBeNull();
    expect(await store.privacyOf(bea)).toEqual(settings);
    expect(await store.privacyOf(cy)).toEqual(settings);
    expect((await store.countRepeat(ann, 'h', NOW + 3, REPEAT_WINDOW_MS)).count).toBe(1);
    expect((await store.countRepeat(cy, 'h', NOW + 4, REPEAT_WINDOW_MS)).count).toBe(2);
  });
});

/** Writes one of each part through the real SQLite stores of `dataDir`, in a process of its own, then says so and waits to be killed. */
const WRITER = `
  const [{ createSqliteStores }, { loadConfig }] = await Promise.all([
    import(process.env.STORES), import(process.env.CONFIG),
  ]);
  const { moderation } = createSqliteStores(loadConfig({ DATA_DIR: process.env.DATA_DIR }));
  const now = Date.now();
  await moderation.ban({ user: process.env.BANNED, until: now + 3_600_000, at: now, reason: 'spam' });
  await moderation.ban({ address: '203.0.113.0/24', until: now + 3_600_000, at: now });
  await moderation.addReport({ id: '0000000000001abcd', room: process.env.ROOM, reported: process.env.BANNED,
    reporter: process.env.BANNED, reason: 'other', dm: false, at: now });
  await moderation.setRoomMode(process.env.ROOM, { readOnly: true });
  await moderation.audit({ id: '0000000000002abcd', at: now, actor: 'operator', action: 'ban.add', target: process.env.BANNED });
  await moderation.setPrivacy(process.env.BANNED, { blocked: [], dms: 'nobody', contacts: [] }, now);
  console.log('written');
  setInterval(() => undefined, 60_000);
`;

describe('sqlite moderation', () => {
  it('keeps every part through a reopen', async () => {
    const dataDir = fixtures.tempDir();
    const db = openDatabase(dataDir);
    const before = new SqliteModerationStore(db, MODERATION_LIMITS, () => clock);
    const [bea, cy] = [newUser(), newUser()];
    const room = newRoom();
    const report = reportOf(room, bea, { message: messageOf(room, bea) });
    const ban = userBan(bea, 60, { reason: 'spam' });
    const range = addressBan('203.0.113.0/24', 60);
    const entry = entryOf('ban.add');
    const settings = { blocked: [cy], dms: 'replied' as const, contacts: [] };
    await before.addReport(report);
    await before.ban(ban);
    await before.ban(range);
    await before.setRoomMode(room, { slowModeSeconds: 30 });
    await before.audit(entry);
    await before.setPrivacy(bea, settings, NOW);
    await before.countRepeat(bea, 'h', NOW, REPEAT_WINDOW_MS);
    db.close();

    const reopened = openDatabase(dataDir);
    onTestFinished(() => void reopened.close());
    const after = new SqliteModerationStore(reopened, MODERATION_LIMITS, () => clock);
    expect(await after.reports({ limit: 10 })).toEqual([report]);
    expect(await after.bans(NOW)).toEqual([range, ban]);
    expect(await after.banOf(cy, '203.0.113.9', NOW)).toEqual(range);
    expect(await after.roomMode(room)).toEqual({ slowModeSeconds: 30, readOnly: false });
    expect(await after.auditLog(10)).toEqual([entry]);
    expect(await after.privacyOf(bea)).toEqual(settings);
    expect(await after.countRepeat(bea, 'h', NOW + 1, REPEAT_WINDOW_MS)).toEqual({ count: 2, since: NOW });
  });

  it('keeps what was written before the process was killed (SIGKILL)', { timeout: 30_000 }, async () => {
    const dataDir = fixtures.tempDir();
    const [banned, room] = [newUser(), newRoom()];
    const stores = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
    const writer = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', WRITER], {
      env: {
        ...process.env,
        STORES: stores('../stores/sqlite.ts'),
        CONFIG: stores('../config.ts'),
        DATA_DIR: dataDir,
        BANNED: banned,
        ROOM: room,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    onTestFinished(() => void writer.kill('SIGKILL'));
    await new Promise<void>((resolve, reject) => {
      writer.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('written') && resolve());
      writer.once('exit', (code) => reject(new Error(`the writer exited (${code}) before writing`)));
    });
    const exited = new Promise((resolve) => writer.once('exit', resolve));
    writer.kill('SIGKILL');
    await exited;

    const db = openDatabase(dataDir);
    onTestFinished(() => void db.close());
    const store = new SqliteModerationStore(db);
    const now = Date.now();
    expect(await store.banOf(banned, '198.51.100.1', now)).toMatchObject({ user: banned, reason: 'spam' });
    expect(await store.banOf(newUser(), '203.0.113.77', now)).toMatchObject({ address: '203.0.113.0/24' });
    expect(await store.reports({ reported: banned, limit: 10 })).toMatchObject([{ id: '0000000000001abcd', room }]);
    expect(await store.roomMode(room)).toEqual({ slowModeSeconds: 0, readOnly: true });
    expect(await store.auditLog(10)).toMatchObject([{ action: 'ban.add', target: banned }]);
    expect(await store.privacyOf(banned)).toEqual({ blocked: [], dms: 'nobody', contacts: [] });
  });

  it('sweeps ended bans and automatic slow modes, and privacy and repeat counts past their time or bound', async () => {
    const db = openDatabase(fixtures.tempDir());
    onTestFinished(() => void db.close());
    const store = new SqliteModerationStore(db, { ...MODERATION_LIMITS, privacyUsers: 2 }, () => clock);
    const count = (table: string): number =>
      (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const [ann, bea, cy, dee] = [newUser(), newUser(), newUser(), newUser()];
    await store.ban(userBan(ann, 10));
    await store.ban(addressBan('203.0.113.7', 60));
    const [hot, locked] = [newRoom(), newRoom()];
    await store.setRoomMode(hot, { autoUntil: NOW + MINUTE, autoSeconds: 10 });
    await store.setRoomMode(locked, { readOnly: true, autoUntil: NOW + MINUTE, autoSeconds: 10 });
    const settings = { blocked: [], dms: 'everyone' as const, contacts: [] };
    await store.setPrivacy(ann, settings, NOW - MODERATION_LIMITS.privacyRetentionMs);
    for (const [n, user] of [bea, cy, dee].entries()) {
      await store.setPrivacy(user, settings, NOW + n);
      await store.countRepeat(user, 'h', NOW + n, REPEAT_WINDOW_MS);
    }
    await store.countRepeat(ann, 'h', NOW - REPEAT_WINDOW_MS, REPEAT_WINDOW_MS);
    expect([count('bans'), count('room_modes'), count('privacy'), count('repeats')]).toEqual([2, 2, 4, 4]);
    // Read once before the sweep: what the store caches of it must not outlive the sweep.
    expect(await store.roomMode(hot)).toMatchObject({ autoUntil: NOW + MINUTE });

    store.sweep(NOW + 10 * MINUTE);
    expect(await store.bans(NOW)).toMatchObject([{ address: '203.0.113.7' }]);
    expect(count('room_modes')).toBe(1);
    expect(await store.roomMode(hot)).not.toHaveProperty('autoUntil');
    expect(await store.roomMode(locked)).toMatchObject({ readOnly: true });
    expect(count('privacy')).toBe(2);
    expect([await store.privacyOf(bea), await store.privacyOf(cy), await store.privacyOf(dee)]).toEqual([
      null,
      settings,
      settings,
    ]);
    expect(count('repeats')).toBe(2);
    expect((await store.countRepeat(bea, 'h', NOW + 5, REPEAT_WINDOW_MS)).count).toBe(1);
    expect((await store.countRepeat(dee, 'h', NOW + 5, REPEAT_WINDOW_MS)).count).toBe(2);
  });
});

describe('redis moderation', () => {
  /** A node's store: its own connection to the shared Redis. */
  async function node(limits: Partial<ModerationLimits> = {}): Promise<{ store: RedisModerationStore }> {
    const client = createClient({ url: fixtures.redis.url });
    await client.connect();
    onTestFinished(() => client.destroy());
    return {
      store: new RedisModerationStore(new StoreRedis(client, 2000), { ...MODERATION_LIMITS, ...limits }, () => clock),
    };
  }

  it('is shared by every node: a ban, a room mode, privacy settings and repeat counts made on one hold on the other', async () => {
    const [{ store: one }, { store: two }] = [await node(), await node()];
    const [bea, cy] = [newUser(), newUser()];
    const room = newRoom();
    await one.ban(userBan(bea, 60));
    await one.ban(addressBan('2001:db8::/32', 60));
    expect(await two.banOf(bea, '198.51.100.1', NOW)).toMatchObject({ user: bea });
    expect(await two.banOf(cy, addressKey('2001:db8:1::1'), NOW)).toMatchObject({ address: '2001:db8::/32' });
    await two.unban({ user: bea });
    expect(await one.banOf(bea, '198.51.100.1', NOW)).toBeNull();
    await one.setRoomMode(room, { readOnly: true });
    expect(await two.setRoomMode(room, { slowModeSeconds: 5 })).toEqual({ slowModeSeconds: 5, readOnly: true });
    const settings = { blocked: [cy], dms: 'everyone' as const, contacts: [] };
    await two.setPrivacy(bea, settings, NOW);
    expect(await one.privacyOf(bea)).toEqual(settings);
    await one.countRepeat(cy, 'h', NOW, REPEAT_WINDOW_MS);
    expect(await two.countRepeat(cy, 'h', NOW + 1, REPEAT_WINDOW_MS)).toEqual({ count: 2, since: NOW });
  });

  it('keeps privacy settings to the retention and the bound on every write, and repeat counts expire with their window', async () => {
    await fixtures.redis.command(['FLUSHALL']);
    const { store } = await node({ privacyUsers: 2 });
    const [ann, bea, cy, dee] = [newUser(), newUser(), newUser(), newUser()];
    const settings = { blocked: [], dms: 'everyone' as const, contacts: [] };
    await store.setPrivacy(ann, settings, NOW - MODERATION_LIMITS.privacyRetentionMs);
    await store.setPrivacy(bea, settings, NOW);
    expect(await fixtures.redis.command(['HLEN', 'samepage:moderation:privacy'])).toBe('1\n');
    await store.setPrivacy(cy, settings, NOW + 1);
    await store.setPrivacy(dee, settings, NOW + 2);
    expect(await fixtures.redis.command(['HLEN', 'samepage:moderation:privacy'])).toBe('2\n');
    expect([await store.privacyOf(bea), await store.privacyOf(cy)]).toEqual([null, settings]);

    await store.countRepeat(ann, 'h', NOW, REPEAT_WINDOW_MS);
    await store.countRepeat(ann, 'h', NOW + MINUTE, REPEAT_WINDOW_MS);
    const ttl = Number(await fixtures.redis.command(['PTTL', `samepage:moderation:repeat:${ann}`]));
    // What is left of the run's window, and a second's grace (a key gone early would cut a run short).
    expect(ttl).toBeGreaterThan(REPEAT_WINDOW_MS - MINUTE - 5000);
    expect(ttl).toBeLessThanOrEqual(REPEAT_WINDOW_MS - MINUTE + 1000);
  });
});
