import type { Member } from '../../../protocol/index.ts';
import { filtered } from '../models/word-filter.ts';

/**
 * How a person is called in a sentence or a label: their name, and their tag when they have one.
 * A name is something others wrote too, so the viewer's word filter masks it (never hides it: a
 * person must stay recognizable to be blocked or reported).
 */
export function nameWithTag(person: Member, tag: string | null): string {
  const name = filtered(person.name);
  return tag === null ? name : `${name} #${tag}`;
}

/**
 * A person's name, with the tag that tells them apart from someone whose name looks the same
 * (issue #11). The tag is quieter than the name; a screen reader hears "Sam, #k3f9". The name is
 * isolated (`<bdi>`), so an Arabic or Hebrew name does not reorder the words around it.
 */
export function PersonName({ person, tag }: { person: Member; tag: string | null }) {
  return (
    <>
      <bdi>{filtered(person.name)}</bdi>
      {tag === null ? null : (
        <span class="name-tag">
          <span class="sr-only">, </span>#{tag}
        </span>
      )}
    </>
  );
}
