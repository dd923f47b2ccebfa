/**
 * What the hub tests share: a real relay per test, hubs wired to it the way the service worker
 * wires them (with the fake browser's storage), in-memory panels, and other users as plain
 * socket.io clients: speaking protocol v2 like another extension, or v1 like one that has not
 * updated yet. Everything a test makes is torn down after it.
 */
import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { afterEach, beforeEach } from 'vitest';
import {
  ClientEvent,
  PROTOCOL_V2,
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type ClientToServerEventsV2,
  type Envelope,
  type PostRequest,
  type ServerToClientEvents,
  type ServerToClientEventsV2,
  type TextBody,
} from '../../protocol/index.ts';
import type { Config } from '../../server/config.ts';
import { roomKeyPair } from '../lib/e2e/keys.ts';
import { createDmArchive } from '../hub/dm-archive.ts';
import { Hub, type HubOptions } from '../hub/hub.ts';
import { ensureInstallKeys, ensureProfile, relayCredentials, saveProfile } from '../hub/identity.ts';
import { sessionOutboxStore } from '../hub/outbox-store.ts';
import { readTabContext } from '../hub/tab-contexts.ts';
import { createTestPanel, type TestPanel } from './panel-pair.ts';
import { connectSealedPeer, type SealedPeer } from './sealed-peer.ts';
import { startRelay, type Relay } from './relay.ts';

/** Another user on protocol v2, as another extension is. */
export type Observer = Socket<ServerToClientEventsV2, ClientToServerEventsV2>;
/** Another user on protocol v1, as an extension that has not updated yet is. */
export type V1Observer = Socket<ServerToClientEvents, ClientToServerEvents>;

export const newRoom = (): string => randomBytes(32).toString('hex');

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Retries `check` until it passes or `timeoutMs` is over. */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > end) throw error;
      await sleep(20);
    }
  }
}

type Payload<M, E extends keyof M> = M[E] extends (payload: infer P) => void ? P : never;

/** Collects every `event` the socket receives from now on. */
export function events<E extends keyof ServerToClientEventsV2>(
  socket: Observer,
  event: E,
): Array<Payload<ServerToClientEventsV2, E>>;
export function events<E extends keyof ServerToClientEvents>(
  socket: V1Observer,
  event: E,
): Array<Payload<ServerToClientEvents, E>>;
export function events(socket: Observer | V1Observer, event: keyof ServerToClientEvents): unknown[] {
  const seen: unknown[] = [];
  (socket as V1Observer).on(event, (payload: unknown) => void seen.push(payload));
  return seen;
}

/** The texts of the text envelopes among `envelopes`, in order. */
export const textsOf = (envelopes: readonly Envelope[]): string[] =>
  envelopes.flatMap((envelope) => (envelope.kind === 'text' ? [envelope.body.text] : []));

/** A text post; `extra` adds a reply, mentions or a quote, or `to` to make it a DM. */
export function textPost(
  room: string,
  clientId: string,
  text: string,
  extra: Omit<TextBody, 'text'> & { to?: string } = {},
): PostRequest<'text'> {
  const { to, ...rest } = extra;
  return { room, clientId, ...(to === undefined ? {} : { to }), kind: 'text', body: { text, ...rest } };
}

/** Posts as `socket`; throws on a refusal, so a test's set-up cannot fail unseen. */
export async function post(socket: Observer, request: PostRequest): Promise<Envelope> {
  const answer = await socket.emitWithAck(ClientEvent.MessagePost, request);
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.message;
}

export interface HubHarness {
  /** This test's relay; a test that replaces it leaves the replacement for the clean-up. */
  relay: Relay;
  /** A hub as the service worker builds it, pointed at `relay`; `options` override. */
  createHub(options?: Partial<HubOptions>): Hub;
  /** An in-memory panel attached to `hub`. */
  panel(hub: Hub, tabId?: number): TestPanel;
  /** Another user on protocol v2, as a plain socket.io client, who has joined `room`. */
  observer(room: string, name?: string): Promise<Observer>;
  /** Another user on protocol v1, who has joined `room`. */
  v1Observer(room: string, name?: string): Promise<V1Observer>;
  /** Issue #15: another user on protocol v3, as another extension is now: DMs sealed, who has joined `room`. */
  peer(room: string, name?: string, secret?: string): Promise<SealedPeer>;
}

/** Registers the per-test set-up and clean-up; `relayConfig` tunes every relay it starts. */
export function useHubHarness(relayConfig: Partial<Config> = {}): HubHarness {
  const hubs: Hub[] = [];
  const observers: Array<Observer | V1Observer> = [];

  async function connect<S extends Observer | V1Observer>(v: number, room: string, name: string): Promise<S> {
    const socket = io(harness.relay.url, {
      transports: ['websocket'],
      auth: { v, token: randomBytes(24).toString('base64url'), name },
      forceNew: true,
    }) as S;
    observers.push(socket);
    // Both versions join alike; only the history's shape differs.
    const answer = await (socket as Observer).emitWithAck(ClientEvent.RoomJoin, { room });
    if (!answer.ok) throw new Error(answer.error.message);
    return socket;
  }
  const panels: TestPanel[] = [];

  const harness: HubHarness = {
    relay: undefined as unknown as Relay,
    createHub(options = {}) {
      const hub = new Hub({
        credentials: relayCredentials(async () => harness.relay.url),
        loadProfile: ensureProfile,
        saveProfile,
        readTabContext,
        closePanel: async () => undefined,
        collapsePanel: async () => undefined,
        revealInPage: async () => undefined,
        outboxStore: sessionOutboxStore,
        dmArchive: createDmArchive(),
        keyPair: async (room) => roomKeyPair(await ensureInstallKeys(), harness.relay.url, room),
        lingerMs: 50,
        requestTimeoutMs: 3000,
        badge: { setText: async () => undefined },
        notifications: { permitted: async () => false, show: async () => undefined },
        ...options,
      });
      hubs.push(hub);
      return hub;
    },
    panel(hub, tabId) {
      const created = createTestPanel(tabId);
      panels.push(created);
      hub.attach(created.link);
      return created;
    },
    observer: (room, name = 'Observer') => connect<Observer>(PROTOCOL_V2, room, name),
    v1Observer: (room, name = 'Observer') => connect<V1Observer>(PROTOCOL_VERSION, room, name),
    async peer(room, name = 'Peer', secret) {
      const peer = await connectSealedPeer(harness.relay.url, room, name, secret);
      observers.push(peer.socket);
      return peer;
    },
  };

  beforeEach(async () => {
    harness.relay = await startRelay(0, relayConfig);
  });

  afterEach(async () => {
    for (const panel of panels.splice(0)) panel.disconnect();
    for (const hub of hubs.splice(0)) hub.dispose();
    for (const socket of observers.splice(0)) socket.disconnect();
    await harness.relay.close();
  });

  return harness;
}
