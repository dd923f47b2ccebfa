import type { Member } from '../../../protocol/index.ts';

function sentence(names: readonly string[]): string {
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return 'Several people are typing…';
}

/** Always rendered (it keeps its height), so the composer does not jump when someone starts typing. */
export function TypingLine({ who }: { who: readonly Member[] }) {
  return <p class="typing">{who.length > 0 ? sentence(who.map((member) => member.name)) : null}</p>;
}
