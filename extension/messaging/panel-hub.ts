/**
 * Panel ↔ service-worker hub: what travels over the runtime Port each panel opens. The
 * panel asks (a request with an id, answered once) and the hub pushes (room events,
 * connection state, the page the panel's tab is on). Panels are cheap views: after any
 * reconnect of the port they re-watch their room and rebuild from the hub's answers.
 *
 * Nothing lost, nothing duplicated (issue #5): a send is held by the hub's outbox
 * (hub/outbox.ts) until the server accepts it, so its request may be answered late and may be
 * asked again (same clientId) without being sent twice. After any gap a panel fetches what it
 * missed with `room:history`.
 */
import type {
  DmDelivered,
  DmStatusAnswer,
  DmStatusRequest,
  Envelope,
  Failure,
  MessagePostAnswer,
  PostRequest,
  PageQuote,
  PresenceUpdate,
  ReportSendAnswer,
  ReportSendRequest,
  RoomHistoryAnswerV2,
  RoomHistoryRequest,
  RoomJoinAnswerV2,
  RoomKey,
  RoomModeUpdate,
  SessionBanned,
  UserId,
  SessionWelcome,
  TypingEvent,
  TypingRequest,
} from '../../protocol/index.ts';
import type {
  ConnectionState,
  Conversation,
  DmDeliveryState,
  DmTrust,
  PageContext,
  PanelView,
  PendingSend,
  Profile,
} from '../lib/domain.ts';

/** The runtime Port name panels connect with. */
export const PANEL_PORT = 'samepage:panel';

/** Panel → hub requests: payload and answer per type. */
export interface PanelRequests {
  /** Show this room: joined once however many panels watch it; answered with its snapshot. */
  'room:watch': { payload: { room: RoomKey }; answer: RoomJoinAnswerV2 };
  /** Stop showing this room; the hub leaves it when no panel watches it any more. */
  'room:unwatch': { payload: { room: RoomKey }; answer: { ok: true } };
  /**
   * Posts anything (a message, a reaction, an edit, a delete; in the room or a DM), retried by
   * the hub until the server accepts it or a bounded time has passed (then `unavailable`);
   * answered when it settles. Asking again with the same clientId joins the post under way
   * instead of starting another.
   */
  'message:post': { payload: PostRequest; answer: MessagePostAnswer };
  /** A page of a watched room's history from the server: what came before, or what was missed. */
  'room:history': { payload: RoomHistoryRequest; answer: RoomHistoryAnswerV2 };
  /**
   * The DM envelopes this browser kept of a room (hub/dm-archive.ts), in id order, for the
   * panel to fold: the server keeps none, so this is how a conversation outlives its panel
   * and the service worker. `deliveries` (issue #15): where this person's own DMs are, by id.
   */
  'dm:archive': {
    payload: { room: RoomKey };
    answer: { ok: true; envelopes: Envelope[]; deliveries?: Record<string, DmDeliveryState> };
  };
  /** Issue #15: how the conversation `key` (of `room`, with `peer`) is sealed: keys, safety number, notices. */
  'dm:trust': { payload: { key: string; room: RoomKey; peer: UserId }; answer: DmTrust };
  /**
   * Issue #15: marks the conversation verified (or not) after the person compared `safetyNumber`
   * with the other one; refused when the number changed meanwhile.
   */
  'dm:verify': {
    payload: { key: string; room: RoomKey; peer: UserId; safetyNumber: string; verified: boolean };
    answer: { ok: true } | Failure;
  };
  /**
   * Sets the display name: kept locally and renamed on the server at once when connected;
   * otherwise the next connection presents it. Refused only for a name the contract refuses.
   */
  'profile:rename': { payload: { name: string }; answer: { ok: true; profile: Profile } | Failure };
  /** Ends an `offline` state and connects again now. */
  'connection:retry': { payload: Record<string, never>; answer: { ok: true } };
  /** Closes the injected panel of this tab. */
  'panel:close': { payload: Record<string, never>; answer: { ok: true } | Failure };
  /**
   * Shows a quoted passage in this panel's page: scrolled to and highlighted for a few seconds
   * when `found`; not found when the page no longer has it. Refused for a panel in no page.
   */
  'page:reveal': { payload: { quote: PageQuote }; answer: { ok: true; found: boolean } | Failure };
  /**
   * What an upload (and showing images) needs from the hub: the relay's HTTP origin and the
   * install's token for `Authorization: Bearer`. Panels are the extension's own pages, so the
   * token may go there; it still never goes anywhere but the relay.
   */
  'image:grant': { payload: Record<string, never>; answer: ImageGrant | Failure };
  /** Issue #13: the person has seen this conversation; its unread count goes to 0 everywhere. */
  'inbox:read': { payload: { key: string }; answer: { ok: true } };
  /** Issue #13: which of these people are online (the relay's `dm:status`); `unavailable` offline. */
  'dm:status': { payload: DmStatusRequest; answer: DmStatusAnswer };
  /** Issue #14: the message request `key` becomes a conversation. */
  'inbox:accept': { payload: { key: string }; answer: { ok: true } };
  /** Issue #14: the message request `key` and its messages go from this device; the sender is told nothing. */
  'inbox:decline': { payload: { key: string }; answer: { ok: true } };
  /** Issue #13: collapses this tab's injected panel to its slim tab on the page's edge. */
  'panel:collapse': { payload: Record<string, never>; answer: { ok: true } | Failure };
  /** Issue #14: reports a person or a message to the relay's operator (`report:send`); `unavailable` offline. */
  'report:send': { payload: ReportSendRequest; answer: ReportSendAnswer };
}

export interface ImageGrant {
  ok: true;
  /** The relay's origin, `http(s)://host[:port]`, with no trailing slash. */
  base: string;
  token: string;
}

export type PanelRequestType = keyof PanelRequests;

/** Hub → panel pushes. */
export interface HubPushes {
  'connection:state': ConnectionState;
  'page:context': PageContext;
  'profile:update': Profile;
  /** A room's fresh snapshot after the hub (re)joined it, e.g. after a reconnect. */
  'room:snapshot': { room: RoomKey; snapshot: RoomJoinAnswerV2 };
  /**
   * The sends the hub still holds for a room, pushed to a panel as it starts watching the room
   * (before its snapshot), so a panel opened later, or reopened after the worker restarted,
   * shows them as pending. The panel learns each one's outcome by asking for it with the
   * same clientId, which the hub joins to the send under way.
   */
  'outbox:pending': { room: RoomKey; sends: PendingSend[] };
  /** Anything posted in a watched room or in a DM there, by anyone (own posts from other panels too). */
  'message:posted': Envelope;
  /** Issue #15: the recipient's browser has these DMs of this person's (their `data-delivery`). */
  'dm:delivered': DmDelivered;
  /** Issue #15: the conversation `key`'s keys, verification or notices changed: ask `dm:trust` again. */
  'dm:trust': { key: string };
  /** Issue #15: which relay this browser talks to, pushed as a panel attaches and when the address changes. */
  'relay:host': { host: string };
  /** What the relay accepts (the kinds), pushed on each connect and to each panel that attaches. */
  'session:welcome': SessionWelcome;
  'presence:update': PresenceUpdate;
  typing: TypingEvent;
  /** A quote the person took from this panel's page (the floating control or the context menu), for the composer. */
  'composer:quote': { quote: PageQuote };
  /** Issue #13: every conversation, newest first; pushed as a panel attaches and on each change. */
  'inbox:update': { conversations: Conversation[] };
  /** Issue #13: open this conversation (a notification was clicked). */
  'inbox:open': { key: string };
  /** Issue #14: a watched room's slow mode or read-only switch changed. */
  'room:mode': RoomModeUpdate;
  /** Issue #14: an operator banned this person; the relay closed the connection. */
  'session:banned': SessionBanned;
}

/** Panel → hub, fire and forget. */
export interface PanelSignals {
  typing: TypingRequest;
  /** Issue #13: what the panel shows now, sent on every change (hub: unread, badge, notifications). */
  'view:state': PanelView;
}

export type PanelToHub =
  | {
      [T in PanelRequestType]: { kind: 'request'; id: number; type: T; payload: PanelRequests[T]['payload'] };
    }[PanelRequestType]
  | { [T in keyof PanelSignals]: { kind: 'signal'; type: T; payload: PanelSignals[T] } }[keyof PanelSignals];

export type HubToPanel =
  | { kind: 'answer'; id: number; answer: PanelRequests[PanelRequestType]['answer'] }
  | { [T in keyof HubPushes]: { kind: 'push'; type: T; payload: HubPushes[T] } }[keyof HubPushes];
