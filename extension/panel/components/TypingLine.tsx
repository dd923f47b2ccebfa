import type { Member } from '../../../protocol/index.ts';
import { nameWithTag } from './PersonName.tsx';

function sentence(names: readonly string[]): string {
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return 'Several people are typing…';
}

/** Always rendered (it keeps its height), so the composer does not jump when someone starts typing. */
export function TypingLine({ who, tagOf }: { who: readonly Member[]; tagOf(person: Member): string | null }) {
  const names = who.map((member) => nameWithTag(member, tagOf(member)));
  return <p class="typing">{names.length > 0 ? sentence(names) : null}</p>;
}
