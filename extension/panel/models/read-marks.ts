/**
 * Where the person left off in each room, for the "New messages" divider (issue #12): the
 * newest message the panel showed there, kept on this device in `storage.local` and sent
 * nowhere. A room's mark is read once when the panel enters the room, and that reading stays
 * the divider's place while the person is there; what they see meanwhile moves the stored mark.
 */
import { computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import type { Member, Message, RoomKey } from '../../../protocol/index.ts';
import { readStored, StorageKeys, writeStored } from '../../lib/storage-keys.ts';

export interface ReadMarks {
  /** The first message from someone else since the person's last visit: "New messages" goes before it. */
  readonly firstNew: ReadonlySignal<string | null>;
  /** Starts a visit to `room` (null: none). */
  enter(room: RoomKey | null): void;
  dispose(): void;
}

/** What the marks follow in the room model: what it shows, who the person is, and whether it is in the room. */
interface Shown {
  messages: ReadonlySignal<readonly Message[]>;
  self: ReadonlySignal<Member | null>;
  joined: ReadonlySignal<boolean>;
}

// One mark per room ever visited would grow without end; the least recently seen go first.
const KEPT_MARKS = 200;

export function createReadMarks({ messages, self, joined }: Shown): ReadMarks {
  const before = signal<string | null>(null);
  let room: RoomKey | null = null;
  // Until the visit's mark is read, a new one would overwrite it before it is known.
  let read = false;
  let seen: string | null = null;

  async function store(key: RoomKey, id: string): Promise<void> {
    // Entries keep their insertion order: the room just seen goes last, the oldest are cut.
    const others = Object.entries((await readStored(StorageKeys.readMarks)) ?? {}).filter(([other]) => other !== key);
    await writeStored(StorageKeys.readMarks, Object.fromEntries([...others, [key, id]].slice(-KEPT_MARKS)));
  }

  function saw(id: string): void {
    if (room === null || id === seen) return;
    seen = id;
    if (read) void store(room, id);
  }

  const firstNew = computed(() => {
    const mark = before.value;
    if (mark === null) return null;
    const mine = self.value?.id;
    return messages.value.find((message) => message.id > mark && message.from.id !== mine)?.id ?? null;
  });
  // What the panel shows of the room it is in counts as seen, for the next visit's divider.
  const stop = effect(() => {
    const newest = messages.value.at(-1);
    // Checked by room too: signals do not promise the visit to a room starts before its messages show.
    if (joined.value && newest !== undefined && newest.room === room) saw(newest.id);
  });

  return {
    firstNew,
    enter(key) {
      room = key;
      before.value = null;
      read = false;
      seen = null;
      if (key === null) return;
      void readStored(StorageKeys.readMarks).then((marks) => {
        if (room !== key) return;
        before.value = marks?.[key] ?? null;
        read = true;
        if (seen !== null) void store(key, seen);
      });
    },
    dispose: stop,
  };
}
