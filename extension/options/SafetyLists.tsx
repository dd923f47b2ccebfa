import { useEffect, useState } from 'preact/hooks';
import { fullTime } from '../lib/clock-time.ts';
import { readBlocked, readMutes, unblock, unmute, watchSafetyLists } from '../lib/safety-lists.ts';
import type { BlockedPerson, Mute } from '../lib/storage-keys.ts';
import './safety-lists.css';

/**
 * The people this person blocked and muted (issue #14), each with a way to undo it. Blocks and
 * mutes are made in the panel; a change from any panel shows here at once, and a mute drops
 * off the list when it ends.
 */
export function SafetyLists() {
  const [blocked, setBlocked] = useState<BlockedPerson[] | null>(null);
  const [mutes, setMutes] = useState<Mute[]>([]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function load(): Promise<void> {
      const [people, muted] = await Promise.all([readBlocked(), readMutes()]);
      setBlocked([...people].reverse());
      setMutes(muted);
      clearTimeout(timer);
      const ends = muted.flatMap((mute) => (mute.until === null ? [] : [mute.until]));
      if (ends.length > 0)
        timer = setTimeout(() => void load(), Math.min(Math.min(...ends) - Date.now() + 1, 2 ** 31 - 1));
    }
    void load();
    const stop = watchSafetyLists(() => void load());
    return () => {
      stop();
      clearTimeout(timer);
    };
  }, []);

  if (blocked === null) return null;
  return (
    <>
      <section class="options-section safety-list" aria-labelledby="blocked-heading">
        <h2 id="blocked-heading">Blocked people</h2>
        {blocked.length === 0 ? (
          <p class="note">
            Nobody. Block someone from their message, their name in a room or your conversation with them: you stop
            seeing their messages and they cannot send you DMs.
          </p>
        ) : (
          <>
            <p class="note">
              Their messages show collapsed, and the server refuses their DMs to you (it knows only their ids, never
              their names). They are not told.
            </p>
            <ul data-testid="blocked-list">
              {blocked.map((person) => (
                <li key={person.id} data-user-id={person.id}>
                  <span dir="auto">{person.name}</span>
                  <span class="since">since {fullTime(person.at)}</span>
                  <button type="button" class="small" data-testid="unblock" onClick={() => void unblock(person.id)}>
                    Unblock<span class="sr-only"> {person.name}</span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section class="options-section safety-list" aria-labelledby="muted-heading">
        <h2 id="muted-heading">Muted people</h2>
        {mutes.length === 0 ? (
          <p class="note">Nobody. Muting someone hides their messages in one room, on this browser only.</p>
        ) : (
          <ul data-testid="muted-list">
            {mutes.map((mute) => (
              <li key={`${mute.room}/${mute.id}`} data-user-id={mute.id}>
                <span dir="auto">{mute.name}</span>
                <span class="since">
                  in one room, {mute.until === null ? 'until you unmute' : `until ${fullTime(mute.until)}`}
                </span>
                <button
                  type="button"
                  class="small"
                  data-testid="unmute"
                  onClick={() => void unmute(mute.room, mute.id)}
                >
                  Unmute<span class="sr-only"> {mute.name}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
