/**
 * What the relay does with each kind of envelope (issue #12): one policy per kind, in one
 * table keyed by every kind of protocol/messages.ts, so a kind without a policy does not
 * compile. Adding a kind is a body schema there, a policy here, a reducer case in the panel
 * and a component (docs/architecture.md walks one reaction through all of them).
 */
import type { Bodies, Envelope, Failure, Kind, MessageKind, RoomKey, UserId } from '../../../protocol/index.ts';
import type { HistoryLane, Stores } from '../../stores/types.ts';
import type { Validator } from '../validate.ts';

/** What the relay knows of an uploaded image (server/images/). */
export interface ImageRecord {
  room: RoomKey;
  uploader: UserId;
  width: number;
  height: number;
  thumbWidth: number;
  thumbHeight: number;
}

/** The part of the image store the message policies use. */
export interface ImageRefs {
  info(id: string): Promise<ImageRecord | null>;
  remove(id: string): Promise<void>;
}

export interface PolicyDeps {
  stores: Stores;
  /** Absent where this relay takes no images: it then does not list `image` as a kind. */
  images?: ImageRefs;
}

export interface KindPolicy<K extends Kind> {
  /** The body's schema, compiled. */
  body: Validator<Bodies[K]>;
  /** Whether it may go in a DM (images wait for end-to-end encryption, issue #15). */
  inDms: boolean;
  /** Whether it may go to a room; false for what only makes sense between two people. Default true. */
  inRooms?: boolean;
  /** The per-user budget each post draws on. */
  budget: 'send' | 'react';
  /**
   * The text the newcomer rules look at (links, the slower rate); null: they do not apply,
   * since it says nothing new (a reaction, a delete).
   */
  newcomerText(body: Bodies[K]): string | null;
  /**
   * Checks a room envelope against what the relay keeps and completes what only the relay
   * knows (a reply's preview, an image's sizes), before any budget is spent.
   */
  prepare(envelope: Envelope<K>, deps: PolicyDeps): Promise<Envelope<K> | Failure>;
  /**
   * Records a room envelope in the history: a message is appended to `lane`, a change applied
   * to its target in one step. Answers the envelope to relay (a reaction with its new count).
   */
  keep(envelope: Envelope<K>, lane: HistoryLane, deps: PolicyDeps): Promise<Envelope<K> | Failure>;
}

export type PolicyTable = { [K in Kind]: KindPolicy<K> };

/** Kinds that are messages of their own, as opposed to changes of one. */
export type { MessageKind };
