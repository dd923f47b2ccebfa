/**
 * A load generator: a process of its own, forked by run.ts (one or several, each holding whole
 * rooms), that holds real socket.io-client connections (websocket only, loopback) to one server
 * and sends through them on command.
 * Against ours it speaks the wire contract (handshake, room:join, message:send, dm:send);
 * against the reference relay, the minimal equivalent (join, send, dm). Each text carries the
 * sender's send time, so each receiver measures fan-out latency on the same clock.
 */
import { createHash, randomBytes } from 'node:crypto';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { ClientEvent, ServerEvent } from '../protocol/index.ts';
import type { LoadCommand, LoadReply, LoadTrafficResult, Target } from './protocol.ts';
import { ReferenceEvent } from './protocol.ts';

interface Peer {
  socket: Socket;
  room: string;
  /** Whom a DM to this connection is addressed to: the user id (ours) or the socket id (reference). */
  address: string;
  /** Connections in the same room, this one included. */
  roomSize: number;
  partner: Peer | null;
  seq: number;
}

const peers: Peer[] = [];
let target: Target = 'ours';
const roomKey = (index: number): string => createHash('sha256').update(`samepage-bench-room-${index}`).digest('hex');

/** What arrives while traffic runs; reset for each run. */
let run = { tag: '', delivered: 0, latencies: [] as number[] };

function onDelivery(payload: unknown): void {
  const text = (payload as { text?: unknown } | null)?.text;
  if (typeof text !== 'string' || !text.startsWith(run.tag)) return;
  const stamp = Number(text.slice(run.tag.length));
  run.delivered++;
  run.latencies.push(performance.now() - stamp);
}

function send(event: string, socket: Socket, payload: unknown, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve) => {
    socket
      .timeout(timeoutMs)
      .emit(event, payload, (error: Error | null, answer: unknown) =>
        resolve(error ? { ok: false, error: { code: 'ack_timeout' } } : answer),
      );
  });
}

function connectOne(url: string, index: number, rooms: number): Promise<Peer> {
  const room = roomKey(index % rooms);
  const auth = target === 'ours' ? { v: 1, token: randomBytes(18).toString('base64url'), name: `bench ${index}` } : {};
  const socket = io(url, { transports: ['websocket'], auth, forceNew: true, reconnection: false, timeout: 30_000 });
  socket.on(target === 'ours' ? ServerEvent.MessageNew : ReferenceEvent.Message, onDelivery);
  socket.on(target === 'ours' ? ServerEvent.DmNew : ReferenceEvent.DirectMessage, onDelivery);
  return new Promise((resolve, reject) => {
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
    socket.once('connect', () => {
      const event = target === 'ours' ? ClientEvent.RoomJoin : ReferenceEvent.Join;
      void send(event, socket, { room }, 30_000).then((answer) => {
        const joined = answer as { ok?: boolean; self?: { id: string }; error?: { code: string } };
        if (!joined.ok) {
          socket.close();
          reject(new Error(`join refused: ${joined.error?.code ?? 'unknown'}`));
          return;
        }
        const address = target === 'ours' ? (joined.self?.id ?? '') : (socket.id ?? '');
        resolve({ socket, room, address, roomSize: 0, partner: null, seq: 0 });
      });
    });
  });
}

/** Opens this generator's share of the connections in batches; each joins room `index % rooms`. */
async function connect(command: Extract<LoadCommand, { type: 'connect' }>): Promise<LoadReply> {
  const started = performance.now();
  target = command.target;
  const indices: number[] = [];
  for (let index = 0; index < command.total; index++) {
    if ((index % command.rooms) % command.parts === command.part) indices.push(index);
  }
  let failed = 0;
  let firstError: string | undefined;
  for (let from = 0; from < indices.length; from += command.batch) {
    const results = await Promise.allSettled(
      indices.slice(from, from + command.batch).map((index) => connectOne(command.url, index, command.rooms)),
    );
    for (const result of results) {
      if (result.status === 'fulfilled') peers.push(result.value);
      else {
        failed++;
        firstError ??= String(result.reason instanceof Error ? result.reason.message : result.reason);
      }
    }
    if (failed > 0) break;
  }
  const byRoom = new Map<string, Peer[]>();
  for (const peer of peers) byRoom.set(peer.room, [...(byRoom.get(peer.room) ?? []), peer]);
  for (const members of byRoom.values()) {
    members.forEach((peer, position) => {
      peer.roomSize = members.length;
      peer.partner = members.length > 1 ? (members[(position + 1) % members.length] ?? null) : null;
    });
  }
  return {
    type: 'connected',
    connections: peers.length,
    failed,
    ms: performance.now() - started,
    ...(firstError ? { firstError } : {}),
  };
}

/** Sends at `perConnectionPerSecond` from every connection for `durationMs`, then waits for the rest. */
async function traffic(command: Extract<LoadCommand, { type: 'traffic' }>): Promise<LoadTrafficResult> {
  run = { tag: `b${randomBytes(3).toString('hex')} `, delivered: 0, latencies: [] };
  const senders = command.mode === 'dm' ? peers.filter((peer) => peer.partner) : peers;
  const rate = senders.length * command.perConnectionPerSecond;
  const acks: number[] = [];
  const refused: Record<string, number> = {};
  let sent = 0;
  let accepted = 0;
  let expected = 0;
  let answered = 0;
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();

  function sendOne(peer: Peer): void {
    const stamp = performance.now();
    const clientId = `bench-${peer.seq++}-${sent}`;
    const text = run.tag + stamp.toFixed(3);
    const partner = peer.partner;
    let event: string;
    let payload: unknown;
    if (command.mode === 'room') {
      event = target === 'ours' ? ClientEvent.MessageSend : ReferenceEvent.Send;
      payload = { room: peer.room, clientId, text };
    } else {
      event = target === 'ours' ? ClientEvent.DmSend : ReferenceEvent.Dm;
      payload =
        target === 'ours'
          ? { room: peer.room, to: partner?.address, clientId, text }
          : { to: partner?.address, clientId, text };
    }
    sent++;
    void send(event, peer.socket, payload, 10_000).then((answer) => {
      answered++;
      const reply = answer as { ok?: boolean; error?: { code?: string } };
      if (reply.ok) {
        accepted++;
        acks.push(performance.now() - stamp);
        expected += command.mode === 'room' ? peer.roomSize - 1 : 1;
      } else {
        const code = reply.error?.code ?? 'unknown';
        refused[code] = (refused[code] ?? 0) + 1;
      }
    });
  }

  if (senders.length > 0 && rate > 0) {
    const total = Math.floor((rate * command.durationMs) / 1000);
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
      while (sent < due) sendOne(senders[sent % senders.length] as Peer);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  const sendEnded = performance.now();
  const drainUntil = sendEnded + command.drainMs;
  while ((answered < sent || run.delivered < expected) && performance.now() < drainUntil) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const ended = performance.now();
  const cpu = process.cpuUsage(cpuBefore);
  loopDelay.disable();
  return {
    type: 'traffic',
    sent,
    accepted,
    refused,
    expected,
    delivered: run.delivered,
    sendSeconds: (sendEnded - started) / 1000,
    windowSeconds: (ended - started) / 1000,
    fanoutMs: Float64Array.from(run.latencies),
    ackMs: Float64Array.from(acks),
    cpuPercent: ((cpu.user + cpu.system) / 1000 / (ended - started)) * 100,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    loopDelayMaxMs: loopDelay.max / 1e6,
  };
}

function reply(message: LoadReply): void {
  process.send?.(message);
}

// The orchestrator gone means nobody will ever say close: stop at once.
process.on('disconnect', () => process.exit(0));
process.on('message', (message: LoadCommand) => {
  const handle = async (): Promise<LoadReply> => {
    switch (message.type) {
      case 'connect':
        return connect(message);
      case 'traffic':
        return traffic(message);
      case 'close':
        for (const peer of peers.splice(0)) peer.socket.disconnect();
        return { type: 'closed' };
    }
  };
  handle().then(reply, (error: unknown) =>
    reply({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
});
