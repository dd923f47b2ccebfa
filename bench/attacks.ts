/**
 * `npm run bench:attacks`: issue #11's attacks, each rerun against the relay as `npm start` runs
 * it (server/main.ts, SQLite, every default), printing what the relay's RSS did, how long an
 * honest newcomer's `room:join` took while the attack ran, and whether an honest regular lost
 * any accepted message. Not a test: the figures depend on the machine.
 *
 * Two departures from a bare `npm start`, both as a deployment behind a proxy would run:
 * `TRUST_PROXY=127.0.0.1`, so that the attacker, the regulars and the honest newcomers can come
 * from different networks (X-Forwarded-For) on one machine; and a room prepared beforehand, with
 * 100 messages of 8 KB (2,000 four-byte characters) and a regular known for an hour, by a first run of the relay on the same
 * data directory (the defaults would rightly not let a new identity write that much).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { ClientEvent, type ClientToServerEvents, type ServerToClientEvents } from '../protocol/index.ts';
import { userIdFromToken } from '../server/identity.ts';
import { openSqlite } from '../server/stores/sqlite-driver.ts';
import { healthy, spawnServer, type ServerProcess } from '../server/tests/process.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const dataDir = mkdtempSync(join(tmpdir(), 'samepage-attacks-'));
const cleanups: Array<() => void> = [() => rmSync(dataDir, { recursive: true, force: true })];
const newRoom = (): string => randomBytes(32).toString('hex');
const newToken = (): string => randomBytes(24).toString('base64url');
const newClientId = (): string => randomBytes(9).toString('base64url');
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const rssMb = (pid: number): number =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** Each network the script pretends to be, as X-Forwarded-For. */
let networks = 0;
const network = (): string => `198.51.${Math.floor(++networks / 250)}.${networks % 250}`;

function connect(url: string, { token = newToken(), name = 'Someone', from = network() } = {}): Promise<Client> {
  const socket: Client = io(url, {
    transports: ['websocket'],
    auth: { v: 1, token, name },
    reconnection: false,
    forceNew: true,
    extraHeaders: { 'x-forwarded-for': from },
  });
  cleanups.push(() => socket.disconnect());
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Starts the relay with `env` over every default but the proxy setting; answers it healthy. */
async function relay(env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await spawnServer(
    {
      STORAGE: 'sqlite',
      DATA_DIR: dataDir,
      TRUST_PROXY: '127.0.0.1',
      // spawnServer turns these off for tests; here they are at their defaults.
      MAX_CONNECTIONS_PER_IP: '256',
      NEW_IDENTITIES_PER_IP: '50',
      NEWCOMER_MINUTES: '10',
      ...env,
    },
    (kill) => cleanups.push(kill),
  );
  await healthy(server);
  return server;
}

interface Prepared {
  room: string;
  regularToken: string;
}

/** A room with 100 messages of 8 KB from a regular the relay has known for an hour. */
async function prepare(): Promise<Prepared> {
  const setup = await relay({ NEWCOMER_MINUTES: '0', SEND_BURST: '1000', SEND_PER_SECOND: '1000' });
  const room = newRoom();
  const regularToken = newToken();
  const regular = await connect(setup.url, { token: regularToken, name: 'Regular' });
  await regular.emitWithAck(ClientEvent.RoomJoin, { room });
  for (let i = 0; i < 100; i++) {
    const text = `${i} ${'😀'.repeat(1990)}`;
    const answer = await regular.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text });
    if (!answer.ok) throw new Error(`preparing: ${answer.error.message}`);
  }
  regular.disconnect();
  setup.child.kill('SIGTERM');
  await setup.exited;
  const db = openSqlite(join(dataDir, 'samepage.db'));
  db.prepare('UPDATE identities SET first_seen = first_seen - 3600000 WHERE user_id = ?').run(
    userIdFromToken(regularToken),
  );
  db.close();
  return { room, regularToken };
}

interface Figures {
  rssBefore: number;
  rssPeak: number;
  joinMs: number[];
  sent: number;
  lost: number;
  notes: string[];
}

/**
 * Runs `attack` while honest newcomers join a fresh room every 100 ms (each from a network of its
 * own) and the regular says something every 600 ms (within its send budget); then checks every
 * accepted message is kept.
 */
async function measure(
  server: ServerProcess,
  prepared: Prepared,
  attack: (notes: string[]) => Promise<void>,
): Promise<Figures> {
  const pid = server.child.pid ?? 0;
  const figures: Figures = { rssBefore: rssMb(pid), rssPeak: 0, joinMs: [], sent: 0, lost: 0, notes: [] };
  const regular = await connect(server.url, { token: prepared.regularToken, name: 'Regular' });
  await regular.emitWithAck(ClientEvent.RoomJoin, { room: prepared.room });
  let running = true;
  const accepted: string[] = [];
  const probes = (async () => {
    while (running) {
      figures.rssPeak = Math.max(figures.rssPeak, rssMb(pid));
      const honest = await connect(server.url, { name: 'Honest' });
      const started = performance.now();
      const answer = await honest.timeout(10_000).emitWithAck(ClientEvent.RoomJoin, { room: newRoom() });
      if (answer.ok) figures.joinMs.push(performance.now() - started);
      honest.disconnect();
      await sleep(100);
    }
  })();
  const talk = (async () => {
    while (running) {
      const clientId = newClientId();
      const answer = await regular
        .timeout(10_000)
        .emitWithAck(ClientEvent.MessageSend, { room: prepared.room, clientId, text: `honest ${figures.sent}` });
      figures.sent++;
      if (answer.ok) accepted.push(answer.message.id);
      await sleep(600);
    }
  })();
  await attack(figures.notes);
  await sleep(1000);
  running = false;
  await Promise.all([probes, talk]);
  figures.rssPeak = Math.max(figures.rssPeak, rssMb(pid));
  const kept = new Set<string>();
  let after: string | undefined;
  for (;;) {
    const page = await regular.emitWithAck(ClientEvent.RoomHistory, {
      room: prepared.room,
      ...(after ? { after } : {}),
      limit: 100,
    });
    if (!page.ok) throw new Error(page.error.message);
    for (const message of page.messages) kept.add(message.id);
    after = page.messages.at(-1)?.id;
    if (!page.hasMore || after === undefined) break;
  }
  figures.lost = accepted.filter((id) => !kept.has(id)).length;
  figures.notes.push(`${accepted.length} of ${figures.sent} honest sends accepted`);
  regular.disconnect();
  return figures;
}

/** A websocket that joins the room and then never reads, asking for big answers. */
async function slowReader(url: string, room: string, notes: string[]): Promise<void> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
    headers: { 'x-forwarded-for': network() },
  });
  await new Promise((resolve, reject) => {
    ws.once('message', resolve);
    ws.once('error', reject);
  });
  const token = newToken();
  const watcher = await connect(url, { name: 'Watcher' });
  await watcher.emitWithAck(ClientEvent.RoomJoin, { room });
  // The reader's own socket is paused, so it would not notice being cut: the room tells.
  const cut = new Promise<boolean>((resolve) => {
    watcher.on('presence:update', (update) => {
      if (update.left === userIdFromToken(token)) resolve(true);
    });
    setTimeout(() => resolve(false), 10_000);
  });
  ws.send(`40${JSON.stringify({ v: 1, token, name: 'Slow' })}`);
  await new Promise((resolve) => ws.once('message', resolve));
  ws.send(`420${JSON.stringify([ClientEvent.RoomJoin, { room }])}`);
  await sleep(200);
  (ws as unknown as { _socket: { pause(): void } })._socket.pause();
  let id = 1;
  for (let i = 0; i < 300; i++) {
    ws.send(`42${id++}${JSON.stringify([ClientEvent.RoomHistory, { room, limit: 100 }])}`);
    ws.send(`42${id++}${JSON.stringify([ClientEvent.RoomJoin, { room }])}`);
  }
  notes.push((await cut) ? 'the slow reader was disconnected' : 'the slow reader was NOT disconnected within 10 s');
  ws.terminate();
}

async function renameFlood(url: string, notes: string[]): Promise<void> {
  const token = newToken();
  const from = network();
  const rooms = Array.from({ length: 20 }, newRoom);
  const attackers = await Promise.all(Array.from({ length: 10 }, () => connect(url, { token, name: 'Flood', from })));
  let joins = 0;
  for (const attacker of attackers) {
    for (const room of rooms) if ((await attacker.emitWithAck(ClientEvent.RoomJoin, { room })).ok) joins++;
  }
  const watcher = await connect(url, { name: 'Watcher' });
  await watcher.emitWithAck(ClientEvent.RoomJoin, { room: rooms[0] ?? '' });
  let events = 0;
  watcher.on('presence:update', () => events++);
  const answers = await Promise.all(
    attackers.flatMap((attacker, a) =>
      Array.from({ length: 200 }, (_, i) =>
        attacker.timeout(20_000).emitWithAck(ClientEvent.UserRename, { name: `Flood ${a}-${i}` }),
      ),
    ),
  );
  await sleep(500);
  notes.push(
    `${joins} of 200 joins allowed; ${answers.filter((answer) => answer.ok).length} of 2000 renames accepted; ` +
      `a member of those rooms got ${events} presence events`,
  );
}

async function typingFlood(url: string, notes: string[]): Promise<void> {
  const room = newRoom();
  const attacker = await connect(url, { name: 'Typist' });
  const target = await connect(url, { name: 'Target' });
  await attacker.emitWithAck(ClientEvent.RoomJoin, { room });
  await target.emitWithAck(ClientEvent.RoomJoin, { room });
  let received = 0;
  target.on('typing', () => received++);
  for (let i = 0; i < 50_000; i++)
    attacker.emit(ClientEvent.Typing, { room, to: randomBytes(16).toString('base64url') });
  const started = performance.now();
  await attacker.timeout(60_000).emitWithAck(ClientEvent.RoomHistory, { room });
  notes.push(`50,000 typing events read in ${Math.round(performance.now() - started)} ms; ${received} relayed`);
}

async function sybils(url: string, room: string, notes: string[]): Promise<void> {
  const from = network();
  let admitted = 0;
  let spam = 0;
  for (let i = 0; i < 51; i++) {
    let sybil: Client;
    try {
      sybil = await connect(url, { name: `Spam ${i}`, from });
    } catch {
      continue;
    }
    admitted++;
    await sybil.emitWithAck(ClientEvent.RoomJoin, { room });
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        sybil.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: `spam ${i}-${n}` }),
      ),
    );
    spam += answers.filter((answer) => answer.ok).length;
  }
  const reader = await connect(url, { name: 'Reader' });
  const view = await reader.emitWithAck(ClientEvent.RoomJoin, { room });
  const shown = view.ok ? view.history.filter((message) => message.text.startsWith('spam')).length : -1;
  notes.push(
    `${admitted} of 51 fresh identities admitted, ${spam} of ${admitted * 10} spam messages accepted; ` +
      `a newcomer's 50-message view holds ${shown} spam and ${view.ok ? view.history.length - shown : 0} real`,
  );
}

function report(name: string, figures: Figures): void {
  const sorted = [...figures.joinMs].sort((a, b) => a - b);
  const p = (q: number): string => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(0);
  process.stdout.write(
    `\n${name}\n  RSS ${figures.rssBefore.toFixed(0)} MB before, peak ${figures.rssPeak.toFixed(0)} MB ` +
      `(+${(figures.rssPeak - figures.rssBefore).toFixed(0)} MB)\n` +
      `  honest room:join while it ran: ${sorted.length} joins, median ${p(0.5)} ms, max ${p(1)} ms\n` +
      `  accepted messages lost: ${figures.lost}\n` +
      figures.notes.map((note) => `  ${note}\n`).join(''),
  );
}

async function main(): Promise<void> {
  const prepared = await prepare();
  const server = await relay();
  report(
    'Slow reader (300 × room:history of 100 × 8 KB, 300 × room:join, never reading)',
    await measure(server, prepared, (notes) => slowReader(server.url, prepared.room, notes)),
  );
  report(
    'Rename flood (one token, 10 connections, 20 rooms each, 2,000 renames at once)',
    await measure(server, prepared, (notes) => renameFlood(server.url, notes)),
  );
  report(
    'Typing flood (50,000 typing with random targets)',
    await measure(server, prepared, (notes) => typingFlood(server.url, notes)),
  );
  report(
    'Free identities (51 fresh tokens from one network × 10 messages)',
    await measure(server, prepared, (notes) => sybils(server.url, prepared.room, notes)),
  );
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const cleanup of cleanups.reverse()) cleanup();
  });
