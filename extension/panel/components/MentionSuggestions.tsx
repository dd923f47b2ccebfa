import type { Member } from '../../../protocol/index.ts';
import { t } from '../../lib/i18n.ts';
import { PersonName } from './PersonName.tsx';

/** The `@word` the caret is in (from the `@` to the caret), or null. */
export function mentionQuery(text: string, caret: number): { start: number; text: string } | null {
  const before = text.slice(0, caret);
  const query = /(?:^|\s)@([^\s@]{0,32})$/u.exec(before)?.[1];
  if (query === undefined) return null;
  return { start: caret - query.length - 1, text: query };
}

const SHOWN = 6;

/** The people whose name starts with (then contains) `query`, never oneself, at most six. */
export function suggestionsFor(query: string, people: readonly Member[], selfId: string | null): Member[] {
  const wanted = query.toLocaleLowerCase();
  const others = people.filter((person) => person.id !== selfId);
  const starts = others.filter((person) => person.name.toLocaleLowerCase().startsWith(wanted));
  const contains = others.filter(
    (person) => !starts.includes(person) && person.name.toLocaleLowerCase().includes(wanted),
  );
  return [...starts, ...contains].slice(0, SHOWN);
}

interface Props {
  id: string;
  people: readonly Member[];
  active: number;
  tagOf: ((person: Member) => string | null) | null;
  onPick(person: Member): void;
}

/** The `@` suggestions: a listbox the composer drives with the arrow keys (aria-activedescendant). */
export function MentionSuggestions({ id, people, active, tagOf, onPick }: Props) {
  return (
    <ul class="mention-suggestions" id={id} role="listbox" aria-label={t('compose_mention_people')}>
      {people.map((person, index) => (
        <li
          key={person.id}
          id={`${id}-${index}`}
          role="option"
          aria-selected={index === active}
          class={index === active ? 'active' : ''}
          data-testid="mention-option"
          // The textarea keeps the focus: a mousedown there would blur it before the click.
          onMouseDown={(event) => {
            event.preventDefault();
            onPick(person);
          }}
        >
          <PersonName person={person} tag={tagOf?.(person) ?? null} />
        </li>
      ))}
    </ul>
  );
}
