/**
 * Protocol v2's one message model (issue #12): everything a person sends into a room or a DM
 * is an envelope `{ id, clientId, room, from, at, kind, body }` (a DM adds `to`), with one body
 * schema per kind. `text` and `image` are messages; `reaction`, `edit` and `delete` are changes
 * that point at a message by id (`target`, like Matrix's `m.relates_to`), so a history is the
 * room's log folded (fold.ts): each message in its current state.
 *
 * Like schemas.ts, the extension imports these as types only; the schemas are compiled by the
 * server.
 */
import { Type, type Static } from '@sinclair/typebox';
import {
  ALT_MAX_CHARS,
  IMAGE_SIDE_MAX,
  MENTIONS_MAX,
  MESSAGE_ID_PATTERN,
  REPLY_SNIPPET_CHARS,
  SEALED_CT_MAX_CHARS,
} from './limits.ts';
import { IMAGE_ID_PATTERN } from './images.ts';
import { PageQuote } from './page-quote.ts';
import type { SealedImageBody } from './sealed-images.ts';
import { ClientId, Emoji, Member, MessageText, PublicKey, RoomKey, UserId } from './schemas.ts';

const strict = { additionalProperties: false } as const;

export const MessageId = Type.String({ pattern: MESSAGE_ID_PATTERN });
export const ImageId = Type.String({ pattern: IMAGE_ID_PATTERN });
const Side = Type.Integer({ minimum: 1, maximum: IMAGE_SIDE_MAX });
const Mentions = Type.Array(UserId, { maxItems: MENTIONS_MAX, uniqueItems: true });

/**
 * What a reply points at. A client sends `{ id }`; the relay fills in the original's author
 * and the start of its text from its history, so a reply reads well even where the original
 * has scrolled out of reach.
 */
export const ReplyRef = Type.Object(
  {
    id: MessageId,
    from: Type.Optional(Member),
    snippet: Type.Optional(Type.String({ maxLength: REPLY_SNIPPET_CHARS * 2 })),
  },
  strict,
);

/** `text`: what people write. Mentions are explicit user ids, never parsed from the text. */
export const TextBody = Type.Object(
  {
    text: MessageText,
    reply: Type.Optional(ReplyRef),
    mentions: Type.Optional(Mentions),
    quote: Type.Optional(PageQuote),
  },
  strict,
);

/**
 * `image`: a reference to an image uploaded over HTTP (docs/protocol.md, "Images"); the relay
 * takes the sizes from what it stored, whatever the client says.
 */
export const ImageBody = Type.Object(
  {
    id: ImageId,
    width: Side,
    height: Side,
    thumbWidth: Side,
    thumbHeight: Side,
    alt: Type.Optional(Type.String({ maxLength: ALT_MAX_CHARS * 2 })),
  },
  strict,
);

/**
 * `reaction`: the sender's `emoji` on `target` is on or off (one per person and emoji). In a
 * room the relay adds `count`, the emoji's count on the message after this change.
 */
export const ReactionBody = Type.Object(
  { target: MessageId, emoji: Emoji, on: Type.Boolean(), count: Type.Optional(Type.Integer({ minimum: 0 })) },
  strict,
);

/** `edit`: the sender's own text message gets new text (and mentions) within the edit window. */
export const EditBody = Type.Object(
  { target: MessageId, text: MessageText, mentions: Type.Optional(Mentions) },
  strict,
);

/**
 * `delete`: the sender's own message becomes a tombstone for everyone. `by: 'moderator'`
 * (issue #14) marks the relay's own delete on an operator's order, sent from MODERATOR (limits.ts); the
 * relay refuses it from any client.
 */
export const DeleteBody = Type.Object({ target: MessageId, by: Type.Optional(Type.Literal('moderator')) }, strict);

/** Every kind's body schema: the one table the server's policies and the types follow. */
/**
 * A DM sealed end to end (v3, issue #15): HPKE (RFC 9180, DHKEM(X25519, HKDF-SHA256),
 * HKDF-SHA256, AES-256-GCM, Auth mode with the sender's room key) to the recipient's room key.
 * `enc` is the encapsulated key, `ct` the ciphertext of a `SealedInner` as JSON. The relay sees
 * neither the kind nor the words. DMs only; a v3 connection posts no other kind to a person.
 */
export const SealedBody = Type.Object(
  {
    enc: PublicKey,
    ct: Type.String({ pattern: '^[A-Za-z0-9_-]+$', minLength: 16, maxLength: SEALED_CT_MAX_CHARS }),
  },
  strict,
);

export const BODIES = {
  text: TextBody,
  image: ImageBody,
  reaction: ReactionBody,
  edit: EditBody,
  delete: DeleteBody,
  sealed: SealedBody,
} as const;

export type Kind = keyof typeof BODIES;
export const KINDS = Object.keys(BODIES) as Kind[];
/** Kinds that are messages of their own; the others change one. */
export type MessageKind = 'text' | 'image';
/** What a `sealed` body holds once opened: any kind a DM may carry but `sealed` itself. */
export type SealableKind = Exclude<Kind, 'sealed'>;
export type ChangeKind = Exclude<Kind, MessageKind | 'sealed'>;
export const isChangeKind = (kind: Kind): kind is ChangeKind =>
  kind !== 'text' && kind !== 'image' && kind !== 'sealed';

export type Bodies = { [K in Kind]: Static<(typeof BODIES)[K]> };
export type TextBody = Bodies['text'];
export type ImageBody = Bodies['image'];
export type ReactionBody = Bodies['reaction'];
export type EditBody = Bodies['edit'];
export type DeleteBody = Bodies['delete'];
export type SealedBody = Bodies['sealed'];
/**
 * The plaintext inside a `sealed` body, as JSON; the recipient validates it against BODIES,
 * but for a picture: a DM's `image` carries an encrypted picture (`SealedImageBody`,
 * sealed-images.ts), never a room upload's id.
 */
export type SealedInner =
  | { [K in Exclude<SealableKind, 'image'>]: { kind: K; body: Bodies[K] } }[Exclude<SealableKind, 'image'>]
  | { kind: 'image'; body: SealedImageBody };
export type ReplyRef = Static<typeof ReplyRef>;

/**
 * `message:post`: send one envelope's worth (the relay stamps id, from and at). The body is
 * checked against its kind's schema after this, so a refusal names the body's field.
 */
export const MessagePostRequest = Type.Object(
  {
    room: RoomKey,
    clientId: ClientId,
    to: Type.Optional(UserId),
    kind: Type.Union(KINDS.map((kind) => Type.Literal(kind))),
    body: Type.Unknown(),
  },
  strict,
);

interface EnvelopeHead {
  id: string;
  clientId: string;
  room: RoomKey;
  from: Member;
  at: number;
  /** A DM's recipient; absent in a room. */
  to?: UserId;
}

/** One envelope, as the relay accepted it and relays it (`message:posted`). */
export type Envelope<K extends Kind = Kind> = { [T in K]: EnvelopeHead & { kind: T; body: Bodies[T] } }[K];
export type ChangeEnvelope = Envelope<ChangeKind>;

/** What a client asks to post, typed by kind. */
export type PostRequest<K extends Kind = Kind> = {
  [T in K]: { room: RoomKey; clientId: string; to?: UserId; kind: T; body: Bodies[T] };
}[K];

/** One emoji's reactions on a message, as one viewer sees them. */
export interface Reaction {
  emoji: string;
  count: number;
  /** The viewer's own reaction is among them. */
  mine: boolean;
}

/**
 * A message in its current state, as a page of v2 history carries it: edits applied
 * (`editedAt`), a deleted one a tombstone (`deletedAt`, its body gone), reactions counted.
 */
export type Message = EnvelopeHead & {
  reactions: Reaction[];
  editedAt?: number;
} & (
    | { kind: 'text'; body: TextBody; deletedAt?: undefined }
    | { kind: 'image'; body: ImageBody; deletedAt?: undefined }
    | { kind: MessageKind; body: null; deletedAt: number; deletedBy?: 'moderator' }
  );

/** `session:welcome`: sent to a v2 connection as it is admitted, before any answer. */
export interface SessionWelcome {
  v: number;
  /** The kinds this relay accepts in `message:post`; a client offers nothing else. */
  kinds: Kind[];
  /** How long after a message its author may still edit it. */
  editWindowMs: number;
  /**
   * Who this connection is (issue #13): a hub with no room joined still needs to know which
   * side of a DM is its own. Absent from relays older than this field.
   */
  user?: Member;
}
