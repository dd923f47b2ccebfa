/**
 * The extension's own shapes, shared by the hub, the panel and the helpers below them: where
 * the socket is, which page a panel belongs to, who the person is, what the outbox holds. They
 * are not messages: the panel ↔ hub map (messaging/panel-hub.ts) carries them as payloads, and
 * none of them goes on the relay's wire (protocol/ owns that).
 */
import type { Member, PostRequest, ProtocolError, RoomKey, UserId } from '../../protocol/index.ts';

/**
 * Where the hub's one socket is. `offline`: gave up retrying or was refused; `retry` restarts it.
 * A handshake refused for a budget carries the refusal and when the hub tries again by itself
 * (`retryAt`, ms since the epoch), so the panel can count the wait down.
 */
export type ConnectionState =
  | { status: 'connecting' }
  | { status: 'connected' }
  | { status: 'reconnecting'; attempt: number }
  | { status: 'offline'; reason: string; limited?: { error: ProtocolError; retryAt: number } };

/** A room the panel can show: the page's own or the whole site's. */
export interface RoomChoice {
  key: RoomKey;
  /** What the person sees: the normalized URL for a page, the origin for a site. Local only. */
  label: string;
}

/** What the hub knows of the page a panel belongs to. Nothing of it is sent to the server. */
export type PageContext =
  | { status: 'ok'; title: string; page: RoomChoice; site: RoomChoice }
  | { status: 'no_room'; title: string }
  | { status: 'opted_out'; title: string };

/** The identity the panel shows; `named` is false until the person has chosen a name. */
export interface Profile {
  name: string;
  named: boolean;
}

/**
 * Anything a person posted (a message, a reaction, an edit, a delete), in a room or a DM,
 * that the hub holds until the server accepts it: the kind and body as the panel made them.
 */
export type PendingSend = PostRequest & {
  /**
   * When the hub first took it (ms since the epoch). It fails 30 s after this or after the last
   * send of its conversation the relay accepted, whichever is later (outbox.ts).
   */
  since: number;
};

/**
 * One conversation in the inbox (issue #13), as the hub keeps it in `storage.local`: a DM
 * thread started on a page between this person and `peer`. Nothing of it leaves the browser.
 */
export interface Conversation {
  /** `room:a:b`, the two user ids in order: the DM archive's key (hub/dm-archive.ts). */
  key: string;
  /** The room the conversation started in; its DMs still name it on the wire. */
  room: RoomKey;
  peer: Member;
  /** The newest message, as one line for the list: its author, a preview, when. */
  last: { from: UserId; preview: string; at: number };
  /** Messages from `peer` not yet seen in a panel. */
  unread: number;
  /** The title of the page where it started, as this browser saw it (local only). */
  pageTitle?: string;
  /**
   * Issue #14: a message request, the first DMs of someone this person never talked with. It
   * does not notify or count in the badge (unless `notifyRequests`) until accepted or answered.
   */
  request?: true;
}

/**
 * What a panel shows right now (issue #13), so the hub counts unread messages, sets the badge
 * and notifies only for what the person is not looking at. `visible`: the panel is expanded and
 * its document visible (a collapsed or hidden panel sees nothing).
 */
export interface PanelView {
  /** The room on screen, or null. */
  room: RoomKey | null;
  /** The conversation open, by key, or null. */
  conversation: string | null;
  visible: boolean;
}

/** Issue #15: where one of this person's DMs is: handed to the other's browser, kept for them, or there. */
export type DmDeliveryState = 'sent' | 'waiting' | 'delivered';

/** Issue #15: something about a conversation's encryption the person should know, in words. */
export interface DmNotice {
  at: number;
  text: string;
}

/**
 * Issue #15: how a DM conversation is sealed, as its panel shows it: both public keys for the
 * conversation's room, the safety number made of them, and whether the person compared it with
 * the other one and marked it verified.
 */
export interface DmTrust {
  /** This person's public key for the room. */
  mine: string;
  /** The other person's, as last seen; null while it is not known. */
  theirs: string | null;
  /** 30 digits in groups of five, the same on both sides; null without `theirs`. */
  safetyNumber: string | null;
  verified: boolean;
  /** The other person was seen without a key: their samepage is too old to receive sealed DMs. */
  older: boolean;
  /** Key changes and messages that did not open, oldest first. */
  notices: DmNotice[];
}
