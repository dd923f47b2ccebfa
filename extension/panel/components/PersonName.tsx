import type { Member } from '../../../protocol/index.ts';

/** How a person is called in a sentence or a label: their name, and their tag when they have one. */
export function nameWithTag(person: Member, tag: string | null): string {
  return tag === null ? person.name : `${person.name} #${tag}`;
}

/**
 * A person's name, with the tag that tells them apart from someone whose name looks the same
 * (issue #11). The tag is quieter than the name; a screen reader hears "Sam, #k3f9". The name is
 * isolated (`<bdi>`), so an Arabic or Hebrew name does not reorder the words around it.
 */
export function PersonName({ person, tag }: { person: Member; tag: string | null }) {
  return (
    <>
      <bdi>{person.name}</bdi>
      {tag === null ? null : (
        <span class="name-tag">
          <span class="sr-only">, </span>#{tag}
        </span>
      )}
    </>
  );
}
