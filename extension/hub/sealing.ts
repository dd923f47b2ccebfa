/**
 * The one seam where DMs are sealed and opened (issue #15, docs/protocol.md "End-to-end
 * encrypted DMs"). Everything a panel posts to a person (a text, a reaction, an edit, a delete)
 * is sealed here to that person's key for the conversation's room before it reaches the relay,
 * and every sealed DM the relay hands over is opened here, so that on both sides of this module
 * a DM is the plain envelope it was before: the outbox, the DM archive, the inbox and the panels
 * never see a sealed one. A DM that does not open is dropped with a notice in its conversation.
 * Keys: this person's key pair for a room is derived from the install's secret (lib/e2e/keys.ts);
 * the other person's is the one they published in the room (member-keys.ts), kept per
 * conversation with whether it was verified (trust-book.ts).
 */
import {
  failure,
  type Envelope,
  type Failure,
  type Member,
  type RoomKey,
  type SealedInner,
  type UserId,
} from '../../protocol/index.ts';
import type { DmTrust, PendingSend } from '../lib/domain.ts';
import { t, type MessageKey } from '../lib/i18n.ts';
import type { RoomKeyPair } from '../lib/e2e/keys.ts';
import { safetyNumber } from '../lib/e2e/safety-number.ts';
import { openDm, sealDm, SealError } from '../lib/e2e/seal.ts';
import { isSealedImageBody } from '../lib/e2e/sealed-inner.ts';
import { conversationOf, pairKey } from './dm-archive.ts';
import { MemberKeys } from './member-keys.ts';
import type { TrustBook } from './trust-book.ts';

export interface SealingOptions {
  /** This person's key pair for `room` on the current relay. */
  keyPair(room: RoomKey): Promise<RoomKeyPair>;
  trust: TrustBook;
  /** This person's id in a conversation of `room` with `peer` that this device kept, if any. */
  keptSelf(room: RoomKey, peer: UserId): Promise<UserId | undefined>;
}

/** Why a DM did not open, after "could not be decrypted and was dropped:". */
const UNOPENED: Record<SealError['reason'], MessageKey> = {
  tampered: 'notify_unopened_tampered',
  malformed: 'notify_unopened_malformed',
  bad_key: 'notify_unopened_bad_key',
};

/** Why a DM could not be sealed; lib/e2e's own words are English, for developers. */
const UNSEALED: Record<SealError['reason'], MessageKey> = {
  tampered: 'notify_unsealed',
  malformed: 'notify_unsealed_malformed',
  bad_key: 'notify_unsealed_bad_key',
};

/** A bound on the rooms whose own id is remembered (the rooms joined lately). */
const SELF_IDS_MAX = 200;

export class Sealing {
  readonly #members = new MemberKeys();
  /** This person's id in each room joined lately (the relay's ids may differ per room). */
  readonly #selfIds = new Map<RoomKey, UserId>();
  #user: UserId | null = null;

  constructor(private readonly options: SealingOptions) {}

  /** Who this person is on this relay (its welcome). */
  welcomed(user: Member): void {
    this.#user = user.id;
  }

  /** A join's answer: who this person is in `room`, and everyone's key there. */
  joined(room: RoomKey, self: Member, members: readonly Member[]): void {
    this.#selfIds.delete(room);
    this.#selfIds.set(room, self.id);
    if (this.#selfIds.size > SELF_IDS_MAX) this.#selfIds.delete(this.#selfIds.keys().next().value ?? '');
    for (const member of members) this.met(room, member);
  }

  /**
   * Someone seen arriving in `room`, with the key they published there, or none. A new key of
   * someone this person has a conversation with there is announced in it at once.
   */
  met(room: RoomKey, member: Member): void {
    this.#members.remember(room, member);
    const self = this.#selfIds.get(room);
    if (member.key === undefined || self === undefined || self === member.id) return;
    void this.options.trust.learn(pairKey(room, self, member.id), member.key, member.name, true);
  }

  /**
   * The DM `send` as it goes to the relay: sealed to the other person's key. Refused, nothing
   * sent, when that key is not known (their samepage is too old to open it, or they were not
   * seen since this device forgot them). A room post goes as it is.
   */
  async seal(send: PendingSend): Promise<PendingSend | Failure> {
    const { room, to, clientId } = send;
    if (to === undefined) return send;
    // A panel posts a DM's picture already encrypted (docs/protocol.md, "Pictures in DMs"): never
    // a room upload's id, which the relay could read, and never a body it sealed itself.
    if (send.kind === 'sealed' || (send.kind === 'image' && !isSealedImageBody(send.body))) {
      return failure('bad_request', 'a picture in a private message must be encrypted before it is uploaded');
    }
    const self = await this.#selfIn(room, to);
    // Neither a join of the room nor a conversation there tells this person's id in it.
    if (self === null) return failure('undeliverable', t('notify_unsealed_no_self'));
    const theirs = await this.#peerKey(pairKey(room, self, to), room, to);
    const name = this.#members.get(room, to)?.name;
    if (theirs === null) {
      // An older samepage is known only of someone seen, who has a name; one never seen may have none.
      const why =
        name === undefined
          ? t('notify_unsealed_no_key_unnamed')
          : this.#olderClient(room, to)
            ? t('notify_unsealed_older', name)
            : t('notify_unsealed_no_key', name);
      return failure('undeliverable', why);
    }
    try {
      const inner = { kind: send.kind, body: send.body } as SealedInner;
      const body = await sealDm(inner, await this.options.keyPair(room), theirs, { room, from: self, to, clientId });
      return { ...send, kind: 'sealed', body };
    } catch (error) {
      return failure('undeliverable', t(error instanceof SealError ? UNSEALED[error.reason] : 'notify_unsealed'));
    }
  }

  /** True when `envelope` is one of this person's own sealed DMs (sealed to the other one: not ours to open). */
  async isOwn(envelope: Envelope): Promise<boolean> {
    const { room, from } = envelope;
    if (from.id === this.#selfIds.get(room) || from.id === this.#user) return true;
    return from.key !== undefined && from.key === (await this.options.keyPair(room)).publicKey;
  }

  /**
   * A DM from the relay, opened: the plain envelope its sender sealed, or, for one that is not
   * sealed or does not open, the words of the notice it leaves in its conversation.
   */
  async open(envelope: Envelope): Promise<{ ok: true; envelope: Envelope } | { ok: false; why: string }> {
    const { room, from, to, clientId } = envelope;
    if (to === undefined) return { ok: true, envelope };
    const dropped = (why: MessageKey) => ({ ok: false as const, why: t('notify_unopened', from.name, t(why)) });
    if (envelope.kind !== 'sealed') return dropped('notify_unopened_not_sealed');
    const conversation = conversationOf(envelope);
    // A sender's connection that never published a key in this room (a DM under a grant) sends
    // none: the key known for the conversation opens it, or nothing does.
    const senderKey = from.key ?? (await this.options.trust.get(conversation)).peerKey;
    if (senderKey === undefined) return dropped('notify_unopened_no_key');
    let inner: SealedInner;
    try {
      inner = await openDm(envelope.body, await this.options.keyPair(room), senderKey, {
        room,
        from: from.id,
        to,
        clientId,
      });
    } catch (error) {
      return dropped(error instanceof SealError ? UNOPENED[error.reason] : 'notify_unopened_unreadable');
    }
    // Learnt only from a DM that opened: a stray key on a broken one changes nothing.
    if (from.key !== undefined) {
      this.#members.remember(room, from);
      await this.options.trust.learn(conversation, from.key, from.name);
    }
    return { ok: true, envelope: { ...envelope, kind: inner.kind, body: inner.body } as Envelope };
  }

  /** How conversation `key` of `room` with `peer` is sealed, for its panel. */
  async trustOf(key: string, room: RoomKey, peer: UserId): Promise<DmTrust> {
    const mine = (await this.options.keyPair(room)).publicKey;
    const theirs = await this.#peerKey(key, room, peer);
    const { verified, notices } = await this.options.trust.get(key);
    return {
      mine,
      theirs,
      safetyNumber: theirs === null ? null : await safetyNumber(mine, theirs),
      verified: theirs !== null && verified,
      older: theirs === null && this.#olderClient(room, peer),
      notices,
    };
  }

  /**
   * Marks conversation `key` verified or not, only while its safety number is still the one the
   * person compared (`safetyNumber`): a key that changed meanwhile is not verified unseen.
   */
  async verify(key: string, room: RoomKey, peer: UserId, shown: string, verified: boolean): Promise<boolean> {
    const trust = await this.trustOf(key, room, peer);
    if (trust.theirs === null || trust.safetyNumber !== shown) return false;
    return this.options.trust.verify(key, trust.theirs, verified);
  }

  /** The other person's key in a conversation: the one seen in the room last, else the one kept. */
  async #peerKey(key: string, room: RoomKey, peer: UserId): Promise<string | null> {
    const seen = this.#members.get(room, peer);
    if (seen?.key !== undefined) {
      await this.options.trust.learn(key, seen.key, seen.name);
      return seen.key;
    }
    return (await this.options.trust.get(key)).peerKey ?? null;
  }

  #olderClient(room: RoomKey, peer: UserId): boolean {
    const seen = this.#members.get(room, peer);
    return seen !== undefined && seen.key === undefined;
  }

  async #selfIn(room: RoomKey, peer: UserId): Promise<UserId | null> {
    // Never the person's own id: the relay names the sender by their id in the room, and a seal
    // under any other would not open on the other side.
    return this.#selfIds.get(room) ?? (await this.options.keptSelf(room, peer)) ?? null;
  }
}
