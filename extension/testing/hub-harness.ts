/**
 * What the hub tests share: a real relay per test, hubs wired to it the way the service worker
 * wires them (with the fake browser's storage), in-memory panels, and other users as plain
 * socket.io clients. Everything a test makes is torn down after it.
 */
import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { afterEach, beforeEach } from 'vitest';
import { ClientEvent, type ClientToServerEvents, type ServerToClientEvents } from '../../protocol/index.ts';
import type { Config } from '../../server/config.ts';
import { createDmArchive } from '../hub/dm-archive.ts';
import { Hub, type HubOptions } from '../hub/hub.ts';
import { ensureProfile, ensureToken, saveProfile } from '../hub/identity.ts';
import { sessionOutboxStore } from '../hub/outbox-store.ts';
import { readTabContext } from '../hub/tab-contexts.ts';
import { createTestPanel, type TestPanel } from './panel-pair.ts';
import { startRelay, type Relay } from './relay.ts';

export type Observer = Socket<ServerToClientEvents, ClientToServerEvents>;

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

/** Collects every `event` the socket receives from now on. */
export function events<E extends keyof ServerToClientEvents>(
  socket: Observer,
  event: E,
): Array<Parameters<ServerToClientEvents[E]>[0]> {
  const seen: Array<Parameters<ServerToClientEvents[E]>[0]> = [];
  socket.on(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => seen.push(payload)) as never);
  return seen;
}

export interface HubHarness {
  /** This test's relay; a test that replaces it leaves the replacement for the clean-up. */
  relay: Relay;
  /** A hub as the service worker builds it, pointed at `relay`; `options` override. */
  createHub(options?: Partial<HubOptions>): Hub;
  /** An in-memory panel attached to `hub`. */
  panel(hub: Hub, tabId?: number): TestPanel;
  /** Another user, as a plain socket.io client, who has joined `room`. */
  observer(room: string, name?: string): Promise<Observer>;
}

/** Registers the per-test set-up and clean-up; `relayConfig` tunes every relay it starts. */
export function useHubHarness(relayConfig: Partial<Config> = {}): HubHarness {
  const hubs: Hub[] = [];
  const observers: Observer[] = [];
  const panels: TestPanel[] = [];

  const harness: HubHarness = {
    relay: undefined as unknown as Relay,
    createHub(options = {}) {
      const hub = new Hub({
        credentials: async () => ({
          url: harness.relay.url,
          token: await ensureToken(),
          name: (await ensureProfile()).name,
        }),
        loadProfile: ensureProfile,
        saveProfile,
        readTabContext,
        closePanel: async () => undefined,
        revealInPage: async () => undefined,
        outboxStore: sessionOutboxStore,
        dmArchive: createDmArchive(),
        lingerMs: 50,
        requestTimeoutMs: 3000,
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
    async observer(room, name = 'Observer') {
      const socket: Observer = io(harness.relay.url, {
        transports: ['websocket'],
        auth: { v: 1, token: randomBytes(24).toString('base64url'), name },
        forceNew: true,
      });
      observers.push(socket);
      const answer = await socket.emitWithAck(ClientEvent.RoomJoin, { room });
      if (!answer.ok) throw new Error(answer.error.message);
      return socket;
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
