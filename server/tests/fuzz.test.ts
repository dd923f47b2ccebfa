/**
 * Bounded fuzz: a few thousand random payloads, the same on every run (seeded), thrown at every
 * event from two connections, with and without acknowledgements. Every acknowledged request
 * must be answered with a well-formed answer; nothing may reach an observer but valid pushes
 * that some request was answered ok for; afterwards the server must serve a normal
 * conversation.
 */
import { Value } from '@sinclair/typebox/value';
import { expect, it } from 'vitest';
import {
  ClientEvent,
  ERROR_CODES,
  isLimitName,
  nameProblem,
  textProblem,
  type ChatMessage,
  type DirectMessage,
  type Failure,
  type Member,
} from '../../protocol/index.ts';
import {
  ChatMessage as ChatMessageSchema,
  DirectMessage as DirectMessageSchema,
  PresenceUpdate,
  TypingEvent,
} from '../../protocol/schemas.ts';
import {
  type Client,
  connect,
  joined,
  newClientId,
  newRoom,
  next,
  rawEmit,
  rawWithin,
  record,
  serverForFile,
  sleep,
} from './harness.ts';

const SEED = 0x5a3e9a6e;
const PAYLOADS = 2000;
const BATCH = 50;
/** Well under maxPayloadBytes: a fuzz payload is never refused for its size alone. */
const MAX_PACKET_BYTES = 16_384;

/** mulberry32: a tiny seeded PRNG, so that a failure can be replayed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What the generator may use to make payloads that come close to valid ones. */
interface Plausible {
  /** The room under test first. */
  rooms: string[];
  userIds: string[];
}

const SCHEMA_KEYS = ['room', 'clientId', 'text', 'to', 'name', 'before', 'after', 'limit'];
const JUNK_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '', 'v', 'id'];
const NUMBERS = [0, -0, 1, -1, 0.5, 1e308, -1e308, Number.NaN, Infinity, -Infinity, 2 ** 53 + 1, 64, 2000];
const REQUESTS = [
  ClientEvent.RoomJoin,
  ClientEvent.RoomLeave,
  ClientEvent.RoomHistory,
  ClientEvent.MessageSend,
  ClientEvent.DmSend,
  ClientEvent.UserRename,
];
const PAYLOAD_KEYS = new Map<string, string[]>([
  [ClientEvent.RoomJoin, ['room']],
  [ClientEvent.RoomLeave, ['room']],
  [ClientEvent.RoomHistory, ['room', 'before', 'after', 'limit']],
  [ClientEvent.MessageSend, ['room', 'clientId', 'text']],
  [ClientEvent.DmSend, ['room', 'to', 'clientId', 'text']],
  [ClientEvent.UserRename, ['name']],
  [ClientEvent.Typing, ['room', 'to']],
]);
const OTHER_EVENTS = [ClientEvent.Typing, 'room:kick', 'error', '__proto__'];

class Generator {
  readonly #random: () => number;
  constructor(
    seed: number,
    private readonly plausible: Plausible,
  ) {
    this.#random = prng(seed);
  }

  chance(p: number): boolean {
    return this.#random() < p;
  }
  int(below: number): number {
    return Math.floor(this.#random() * below);
  }
  pick<T>(values: readonly T[]): T {
    return values[this.int(values.length)] as T;
  }

  /** A code point from the classes that break things: controls, surrogates, bidi, astral. */
  codePoint(): number {
    switch (this.int(9)) {
      case 0:
        return this.int(0x20); // C0 controls
      case 1:
        return 0x7f + this.int(0x21); // DEL and C1 controls
      case 2:
        return 0xd800 + this.int(0x800); // a surrogate, alone
      case 3:
        return this.pick([0x200b, 0x200d, 0x202e, 0x2066, 0xfeff, 0x061c, 0x2028]);
      case 4:
        return 0x1f300 + this.int(0x300); // emoji
      case 5:
        return this.int(0x10000);
      default:
        return 0x20 + this.int(0x5f); // printable ASCII
    }
  }

  string(): string {
    const length = this.pick([0, 1, 2, 5, 8, 22, 32, 33, 64, 100, 2000, 2001]) + (this.chance(0.3) ? this.int(4) : 0);
    let text = '';
    for (let i = 0; i < length; i++) text += String.fromCodePoint(this.codePoint());
    return text;
  }

  /** A value that fits `key` in the contract, or nearly does. */
  plausibleFor(key: string): unknown {
    switch (key) {
      case 'room':
        return this.chance(0.7)
          ? this.plausible.rooms[0]
          : this.pick([...this.plausible.rooms, this.pick(this.plausible.rooms).toUpperCase(), 'a'.repeat(63)]);
      case 'to':
        return this.pick([...this.plausible.userIds, 'x'.repeat(15)]);
      case 'clientId':
        return this.chance(0.8) ? newClientId() : this.pick(['short', 'a'.repeat(65), 'with space ok']);
      case 'limit':
        return this.pick([1, 10, 100, 0, 101]);
      case 'before':
      case 'after':
        return this.chance(0.5) ? this.pick(['0', 'zzzzzzzzzzzzzzzzz']) : this.string();
      case 'name':
        return this.chance(0.5) ? `Fuzz ${this.int(100)}` : this.string();
      default:
        return this.chance(0.7) ? `fuzz text ${this.int(1000)}` : this.string();
    }
  }

  value(depth = 0): unknown {
    switch (this.int(depth >= 2 ? 5 : 7)) {
      case 0:
        return null;
      case 1:
        return this.chance(0.5);
      case 2:
        return this.pick(NUMBERS);
      case 3:
      case 4:
        return this.string();
      case 5:
        return Array.from({ length: this.int(4) }, () => this.value(depth + 1));
      default:
        return this.object(depth + 1);
    }
  }

  object(depth: number, keys: readonly string[] = []): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    for (const key of keys) {
      if (this.chance(0.85)) setOwn(object, key, this.chance(0.75) ? this.plausibleFor(key) : this.value(depth));
    }
    const extra = keys.length === 0 ? this.int(4) : this.chance(0.25) ? 1 : 0;
    for (let i = 0; i < extra; i++) setOwn(object, this.junkKey(), this.value(depth));
    return object;
  }

  junkKey(): string {
    return this.pick([...JUNK_KEYS, ...SCHEMA_KEYS, this.string()]);
  }

  /**
   * A payload for `event`: anything at all; its own keys, each plausible, random or missing;
   * or a plausible payload with at most one field replaced by anything.
   */
  payload(event: string): unknown {
    const keys = PAYLOAD_KEYS.get(event) ?? SCHEMA_KEYS;
    switch (this.int(4)) {
      case 0:
        return this.value();
      case 1:
        return this.object(0, keys);
      default: {
        const payload: Record<string, unknown> = {};
        for (const key of keys) setOwn(payload, key, this.plausibleFor(key));
        if (this.chance(0.5)) setOwn(payload, this.chance(0.5) ? this.pick(keys) : this.junkKey(), this.value());
        return payload;
      }
    }
  }
}

/** Sets an own property, even `__proto__`, as JSON.parse makes it on the server. */
function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

// Generous budgets, so that many plausible requests get through and are checked too.
const server = serverForFile({
  sendBurst: 10_000,
  sendPerSecond: 10_000,
  renamesPerMinute: 0,
  joinsPerMinute: 0,
  historyPagesPerMinute: 0,
  maxInFlightPerConnection: 0,
});

const isFailure = (answer: unknown): boolean => {
  const { ok, error } = answer as {
    ok?: unknown;
    error?: { code?: unknown; message?: unknown; retryAfterMs?: unknown; limit?: unknown };
  };
  if (ok !== false || typeof error !== 'object' || error === null) return false;
  const keys = Object.keys(error).sort().join();
  const rateLimited =
    error.code === 'rate_limited' && typeof error.retryAfterMs === 'number' && isLimitName(error.limit);
  return (
    (ERROR_CODES as readonly unknown[]).includes(error.code) &&
    typeof error.message === 'string' &&
    keys === (rateLimited ? 'code,limit,message,retryAfterMs' : 'code,message')
  );
};

it(`survives ${PAYLOADS} random payloads and still serves a normal conversation`, { timeout: 20_000 }, async () => {
  const room = newRoom();
  const observer = await joined(server.url, room, { name: 'Observer' });
  const fuzzers = [
    await joined(server.url, room, { name: 'Fuzz A' }),
    await joined(server.url, room, { name: 'Fuzz B' }),
  ];
  const userIds = [observer.self.id, ...fuzzers.map((f) => f.self.id)];
  const seen = {
    messages: record(observer.socket, 'message:new'),
    dms: record(observer.socket, 'dm:new'),
    presence: record(observer.socket, 'presence:update'),
    typing: record(observer.socket, 'typing'),
  };

  const generator = new Generator(SEED, { rooms: [room, newRoom()], userIds });
  const accepted = new Map<string, ChatMessage | DirectMessage>();
  const malformed: unknown[] = [];
  /** Messages handed out in join and history answers. */
  const served: ChatMessage[] = [];
  let answered = 0;

  for (let sent = 0; sent < PAYLOADS; sent += BATCH) {
    const acks: Array<Promise<void>> = [];
    for (let i = 0; i < BATCH; i++) {
      const socket: Client = generator.pick(fuzzers).socket;
      const known = generator.chance(0.9);
      const event = known ? generator.pick(REQUESTS) : generator.pick(OTHER_EVENTS);
      const payload = generator.payload(event);
      if (Buffer.byteLength(JSON.stringify([event, payload])) > MAX_PACKET_BYTES) continue;
      const mode = generator.int(10);
      if (!known || mode < 3) {
        rawEmit(socket, event, payload); // no ack: dropped, or fire and forget for typing
      } else if (mode === 3) {
        acks.push(
          rawWithin(2000, socket, event, payload, generator.value()).then((answer) => {
            answered++;
            // Two payloads never fit, whatever they hold.
            if (!isFailure(answer) || (answer as Failure).error.code !== 'bad_request') {
              malformed.push({ event, payload, answer });
            }
          }),
        );
      } else {
        acks.push(
          rawWithin(2000, socket, event, payload).then((answer) => {
            answered++;
            const { ok, message, history, messages } = answer as {
              ok?: unknown;
              message?: ChatMessage | DirectMessage;
              history?: ChatMessage[];
              messages?: ChatMessage[];
            };
            if (ok === true) {
              if (message !== undefined) accepted.set(message.id, message);
              served.push(...(history ?? []), ...(messages ?? []));
            } else if (!isFailure(answer)) malformed.push({ event, payload, answer });
          }),
        );
      }
    }
    await Promise.all(acks);
  }
  await sleep(200);

  expect(malformed).toEqual([]);
  expect(answered).toBeGreaterThan(PAYLOADS / 2);
  expect(fuzzers.every((f) => f.socket.connected)).toBe(true);

  // The observer got only valid pushes, and only messages whose sends were answered ok, once each.
  expect(seen.messages.length).toBeGreaterThan(0);
  for (const message of seen.messages) {
    expect(Value.Check(ChatMessageSchema, message), JSON.stringify(message)).toBe(true);
    expect(textProblem(message.text)).toBeNull();
    expect(nameProblem(message.from.name)).toBeNull();
    expect(message.room).toBe(room);
    expect(accepted.get(message.id)).toEqual(message);
  }
  for (const dm of seen.dms) {
    expect(Value.Check(DirectMessageSchema, dm), JSON.stringify(dm)).toBe(true);
    expect(textProblem(dm.text)).toBeNull();
    expect(dm.to).toBe(observer.self.id);
    expect(accepted.get(dm.id)).toEqual(dm);
  }
  // History answers, too, held only messages that were accepted, exactly as accepted.
  expect(served.length).toBeGreaterThan(0);
  for (const message of served) expect(accepted.get(message.id)).toEqual(message);
  const ids = [...seen.messages, ...seen.dms].map((m) => m.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const update of seen.presence) {
    expect(Value.Check(PresenceUpdate, update), JSON.stringify(update)).toBe(true);
    const member: Member | undefined = update.joined ?? update.renamed;
    if (member) expect(nameProblem(member.name)).toBeNull();
  }
  for (const typing of seen.typing) expect(Value.Check(TypingEvent, typing), JSON.stringify(typing)).toBe(true);
  // And every message accepted for the observer reached it: the room's, and the DMs to it.
  const forObserver = [...accepted.values()].filter(
    (m) => m.room === room && (!('to' in m) || m.to === observer.self.id),
  );
  expect(ids.sort()).toEqual(forObserver.map((m) => m.id).sort());

  // Fresh clients hold a normal conversation: join, presence, message, DM.
  const fresh = newRoom();
  const alice = await connect(server.url, { name: 'Alice' });
  const aliceJoin = await alice.emitWithAck(ClientEvent.RoomJoin, { room: fresh });
  if (!aliceJoin.ok) throw new Error(aliceJoin.error.message);
  const bobArrives = next(alice, 'presence:update');
  const bob = await joined(server.url, fresh, { name: 'Bob' });
  expect(await bobArrives).toEqual({ room: fresh, joined: bob.self, memberCount: 2 });
  const hello = next(bob.socket, 'message:new');
  const sent = await alice.emitWithAck(ClientEvent.MessageSend, {
    room: fresh,
    clientId: newClientId(),
    text: 'hello',
  });
  expect(sent).toMatchObject({ ok: true });
  expect(await hello).toMatchObject({ text: 'hello', from: aliceJoin.self });
  const psst = next(alice, 'dm:new');
  const dm = await bob.socket.emitWithAck(ClientEvent.DmSend, {
    room: fresh,
    to: aliceJoin.self.id,
    clientId: newClientId(),
    text: 'psst',
  });
  expect(dm).toMatchObject({ ok: true });
  expect(await psst).toMatchObject({ text: 'psst', to: aliceJoin.self.id });

  // And the fuzzed room's history holds only valid messages.
  const late = await (await connect(server.url)).emitWithAck(ClientEvent.RoomJoin, { room });
  if (!late.ok) throw new Error(late.error.message);
  for (const message of late.history) expect(accepted.get(message.id)).toEqual(message);
});
