import { useContext } from 'preact/hooks';
import type { Member, RoomKey } from '../../../protocol/index.ts';
import { t } from '../../lib/i18n.ts';
import { nameWithTag } from './PersonName.tsx';
import { SafetyContext } from './safety-context.ts';

function sentence(names: readonly string[]): string {
  const [first = '', second = ''] = names;
  if (names.length === 1) return t('room_typing_one_person', first);
  if (names.length === 2) return t('room_typing_two_people', first, second);
  return t('room_typing_several');
}

/**
 * Always rendered (it keeps its height), so the composer does not jump when someone starts typing.
 * Nobody blocked shows typing, nor anyone muted in `room` (a room's line; a DM's has none).
 */
export function TypingLine({
  who,
  tagOf,
  room,
}: {
  who: readonly Member[];
  tagOf(person: Member): string | null;
  room?: RoomKey;
}) {
  const safety = useContext(SafetyContext);
  const shown = safety
    ? who.filter((member) => !safety.isBlocked(member.id) && !(room !== undefined && safety.isMuted(room, member.id)))
    : who;
  const names = shown.map((member) => nameWithTag(member, tagOf(member)));
  return <p class="typing">{names.length > 0 ? sentence(names) : null}</p>;
}
