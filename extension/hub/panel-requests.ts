/**
 * How the hub answers what a panel asks over its Port (messaging/panel-hub.ts). Each request
 * type has one handler in a table the compiler checks for completeness, and every request is
 * answered once, with `unavailable` if its handler throws, since nothing throws across the
 * Port. A signal goes unanswered: typing straight to the relay, a panel's view to the hub.
 */
import { ClientEvent, failure, quoteProblem, type Envelope, type PageQuote } from '../../protocol/index.ts';
import type { PanelView } from '../lib/domain.ts';
import type { PageReplies } from '../messaging/page-hub.ts';
import type { PanelRequests, PanelRequestType, PanelToHub } from '../messaging/panel-hub.ts';
import type { Connection } from './connection.ts';
import type { DmArchive } from './dm-archive.ts';
import { relayOrigin } from './relay-origin.ts';
import type { Outbox } from './outbox.ts';
import type { PanelLink } from './panel-link.ts';
import type { ProfileNames } from './profile-names.ts';
import { ask, unavailable, whenConnected } from './relay-requests.ts';
import type { RoomWatchers } from './room-watchers.ts';
import type { Sealing } from './sealing.ts';

/** A panel's `view:state`, checked: it comes over a Port, from code of this extension, but may be older. */
function isPanelView(value: unknown): value is PanelView {
  if (typeof value !== 'object' || value === null) return false;
  const { room, conversation, visible } = value as Record<string, unknown>;
  const keyOrNull = (field: unknown): boolean => field === null || (typeof field === 'string' && field.length <= 200);
  return keyOrNull(room) && keyOrNull(conversation) && typeof visible === 'boolean';
}

type Answer<T extends PanelRequestType> = PanelRequests[T]['answer'];

/** One handler per request type, given the panel that asked. */
type PanelRequestTable = {
  [T in PanelRequestType]: (payload: PanelRequests[T]['payload'], link: PanelLink) => Promise<Answer<T>>;
};

export interface PanelRequestsOptions {
  connection: Connection;
  rooms: RoomWatchers;
  outbox: Outbox<PanelLink>;
  names: ProfileNames;
  dmArchive: DmArchive;
  sealing: Sealing;
  /** Asks the content script of a tab to close its panel. */
  closePanel(tabId: number): Promise<void>;
  /** Asks the content script of a tab to collapse its panel to the slim tab. */
  collapsePanel(tabId: number): Promise<void>;
  /** Asks the content script of a tab to show a quoted passage; undefined when it does not answer. */
  revealInPage(tabId: number, quote: PageQuote): Promise<PageReplies['page:reveal'] | undefined>;
  requestTimeoutMs: number;
  /** Where the relay is and who this browser is to it (hub/identity.ts). */
  credentials(): Promise<{ url: string; token: string }>;
  /** The person has seen a conversation (the inbox, attention.ts). */
  read(key: string): Promise<void>;
  /** Issue #14: the person accepted a message request. */
  accept(key: string): Promise<void>;
  /** Issue #14: the person declined a message request; resolves whether there was one. */
  decline(key: string): Promise<boolean>;
  /** What a panel shows now (its `view:state` signal). */
  viewed(link: PanelLink, view: PanelView): void;
}

/** Makes the hub's receiver of panel messages. */
export function panelRequests(options: PanelRequestsOptions): (link: PanelLink, message: PanelToHub) => Promise<void> {
  const { connection, rooms, outbox, names, dmArchive, sealing, requestTimeoutMs } = options;
  const table: PanelRequestTable = {
    'room:watch': ({ room }, link) => rooms.watch(link, room),
    'room:unwatch': async ({ room }, link) => {
      rooms.unwatch(link, room);
      return { ok: true };
    },
    'message:post': (request, link) => outbox.submit(request, link),
    'room:history': (request) =>
      whenConnected(connection, requestTimeoutMs, (socket) =>
        ask(socket, requestTimeoutMs, ClientEvent.RoomHistory, request),
      ),
    'dm:archive': async ({ room }) => {
      const kept = await dmArchive.load(room);
      const deliveries = Object.fromEntries(
        kept.flatMap(({ id, delivery }) => (delivery === undefined ? [] : [[id, delivery] as const])),
      );
      return {
        ok: true,
        envelopes: kept.map(({ delivery: _delivery, ...envelope }) => envelope as Envelope),
        deliveries,
      };
    },
    'dm:trust': ({ key, room, peer }) => sealing.trustOf(key, room, peer),
    'dm:verify': async ({ key, room, peer, safetyNumber, verified }) =>
      (await sealing.verify(key, room, peer, safetyNumber, verified))
        ? { ok: true }
        : failure('bad_request', 'the safety number changed: compare the new one first'),
    'profile:rename': ({ name }) => names.rename(name),
    'connection:retry': async () => {
      await connection.retry();
      return { ok: true };
    },
    'panel:close': async (_payload, link) => {
      if (link.tabId === undefined) return failure('bad_request', 'this panel is not inside a page');
      await options.closePanel(link.tabId);
      return { ok: true };
    },
    // The quote comes from a message, that is from anyone in the room: checked before the page sees it.
    'page:reveal': async ({ quote }, link) => {
      if (link.tabId === undefined) return failure('bad_request', 'this panel is not inside a page');
      const problem = quoteProblem(quote);
      if (problem) return failure('bad_request', problem);
      const reply = await options.revealInPage(link.tabId, quote);
      return reply ? { ok: true, found: reply.found } : failure('unavailable', 'the page did not answer');
    },
    'dm:status': (request) =>
      whenConnected(connection, requestTimeoutMs, (socket) =>
        ask(socket, requestTimeoutMs, ClientEvent.DmStatus, request),
      ),
    'report:send': (request) =>
      whenConnected(connection, requestTimeoutMs, (socket) =>
        ask(socket, requestTimeoutMs, ClientEvent.ReportSend, request),
      ),
    'inbox:read': async ({ key }) => {
      await options.read(key);
      return { ok: true };
    },
    'inbox:accept': async ({ key }) => {
      await options.accept(key);
      return { ok: true };
    },
    // Its messages go with it, so declining leaves nothing of the request on this device.
    'inbox:decline': async ({ key }) => {
      if (await options.decline(key)) await dmArchive.forget(key);
      return { ok: true };
    },
    'panel:collapse': async (_payload, link) => {
      if (link.tabId === undefined) return failure('bad_request', 'this panel is not inside a page');
      await options.collapsePanel(link.tabId);
      return { ok: true };
    },
    'image:grant': async () => {
      const { url, token } = await options.credentials();
      const base = relayOrigin(url);
      return base === null
        ? failure('bad_request', 'the server address is not a web address')
        : { ok: true, base, token };
    },
  };

  const handle = <T extends PanelRequestType>(
    link: PanelLink,
    type: T,
    payload: PanelRequests[T]['payload'],
  ): Promise<Answer<T>> => table[type](payload, link);

  return async (link, message) => {
    if (message.kind === 'signal') {
      if (message.type === 'typing') connection.socket?.emit(ClientEvent.Typing, message.payload);
      else if (isPanelView(message.payload)) options.viewed(link, message.payload);
      return;
    }
    let answer: unknown;
    try {
      answer = await handle(link, message.type, message.payload as never);
    } catch {
      answer = unavailable();
    }
    link.send({ kind: 'answer', id: message.id, answer: answer as Answer<PanelRequestType> });
  };
}
