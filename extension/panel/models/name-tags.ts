/**
 * Which names in a room look alike (issue #11). Two people may carry the same name, or one may
 * pose as another with look-alike letters (Cyrillic Ѕаm for Sam); the panel then shows a short
 * stable tag after each such name (`Sam #k3f9`), and nothing after a name that is unique.
 */
import { computed, type ReadonlySignal } from '@preact/signals';
import { nameSkeleton, userTag, type Member } from '../../../protocol/index.ts';

export interface NameTags {
  /** The tag to show after this person's name, or null when no one else's looks like it. */
  tagOf(person: Member): string | null;
}

/** `people` may list someone more than once (a member who also wrote messages); ids tell them apart. */
export function createNameTags(people: ReadonlySignal<readonly Member[]>): NameTags {
  // The skeletons (nameSkeleton) that two or more people share.
  const shared = computed(() => {
    const firstWith = new Map<string, Member['id']>();
    const clashes = new Set<string>();
    for (const { id, name } of people.value) {
      const skeleton = nameSkeleton(name);
      const first = firstWith.get(skeleton);
      if (first === undefined) firstWith.set(skeleton, id);
      else if (first !== id) clashes.add(skeleton);
    }
    return clashes;
  });

  return {
    tagOf: (person) => (shared.value.has(nameSkeleton(person.name)) ? userTag(person.id) : null),
  };
}
