/**
 * What the operator API takes (docs/moderation.md): bodies, path parameters and queries, as
 * TypeBox schemas checked with the chat's edge validation (server/chat/validate.ts), so a
 * refusal names the field and says why. Query values arrive as strings and are read as such.
 */
import { Type } from '@sinclair/typebox';
import { MESSAGE_ID_PATTERN, ROOM_KEY_PATTERN, SLOW_MODE_MAX_SECONDS, USER_ID_PATTERN } from '../../protocol/index.ts';
import { compile } from '../chat/validate.ts';

const strict = { additionalProperties: false };
const RoomKey = Type.String({ pattern: ROOM_KEY_PATTERN, description: 'a room key (64 lowercase hex characters)' });
const UserId = Type.String({ pattern: USER_ID_PATTERN });
const MessageId = Type.String({ pattern: MESSAGE_ID_PATTERN });
const Count = Type.String({ pattern: '^[0-9]{1,6}$' });

/** The longest ban: a year. */
export const BAN_MAX_MINUTES = 525_600;
/** An operator's reason for a ban, in code points: it is shown to the banned person. */
export const BAN_REASON_MAX_CHARS = 200;

export const RoomParams = compile(Type.Object({ room: RoomKey }, strict));
export const MessageParams = compile(Type.Object({ room: RoomKey, id: MessageId }, strict));
export const UserParams = compile(Type.Object({ user: UserId }, strict));
export const AddressParams = compile(Type.Object({ address: Type.String({ minLength: 2, maxLength: 64 }) }, strict));

export const ReportsQuery = compile(
  Type.Object(
    {
      reported: Type.Optional(UserId),
      room: Type.Optional(RoomKey),
      before: Type.Optional(Type.String({ maxLength: 64 })),
      limit: Type.Optional(Count),
    },
    strict,
  ),
);
export const LimitQuery = compile(Type.Object({ limit: Type.Optional(Count) }, strict));
export const AroundQuery = compile(
  Type.Object({ around: Type.Optional(MessageId), limit: Type.Optional(Count) }, strict),
);

/** Exactly one of `user` and `address`: checked after the shape (banTargetProblem). */
export const BanBody = compile(
  Type.Object(
    {
      user: Type.Optional(UserId),
      address: Type.Optional(Type.String({ minLength: 2, maxLength: 64 })),
      minutes: Type.Integer({ minimum: 1, maximum: BAN_MAX_MINUTES }),
      reason: Type.Optional(Type.String({ maxLength: BAN_REASON_MAX_CHARS * 2 })),
    },
    strict,
  ),
);

export const SlowModeBody = compile(
  Type.Object({ seconds: Type.Integer({ minimum: 0, maximum: SLOW_MODE_MAX_SECONDS }) }, strict),
);
export const ReadOnlyBody = compile(Type.Object({ readOnly: Type.Boolean() }, strict));

/** A `limit` query value within 1..max, `fallback` when absent. */
export function limitOf(raw: string | undefined, fallback: number, max: number): number {
  return raw === undefined ? fallback : Math.max(1, Math.min(max, Number(raw)));
}
