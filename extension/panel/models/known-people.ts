/**
 * People under their current names (issue #12): a message carries its author's name as it was
 * when sent, so after a rename the panel shows the name presence last gave for that id. Kept
 * for the panel's life, so a person who left still shows the last name seen for them.
 */
import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { Member, UserId } from '../../../protocol/index.ts';

export interface KnownPeople {
  /** Records the names presence gave (a snapshot's members, a join, a rename). */
  saw(people: readonly Member[]): void;
  /** `person` under the newest name seen for their id, or as given. Reads signals. */
  current(person: Member): Member;
}

/** `messages` with each author as `current` gives them; a message whose name did not change stays as it was. */
export function withCurrentNames<M extends { from: Member }>(
  messages: ReadonlySignal<readonly M[]>,
  current: (person: Member) => Member,
): ReadonlySignal<readonly M[]> {
  return computed(() =>
    messages.value.map((message) => {
      const now = current(message.from);
      return now.name === message.from.name ? message : { ...message, from: now };
    }),
  );
}

export function createKnownPeople(): KnownPeople {
  const byId = signal<ReadonlyMap<UserId, Member>>(new Map());

  return {
    saw(people) {
      const changed = people.filter((person) => byId.peek().get(person.id)?.name !== person.name);
      if (changed.length === 0) return;
      const next = new Map(byId.peek());
      for (const person of changed) next.set(person.id, person);
      byId.value = next;
    },
    current: (person) => byId.value.get(person.id) ?? person,
  };
}
