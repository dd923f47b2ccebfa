import { t } from '../lib/i18n.ts';
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
        <h2 id="blocked-heading">{t('options_blocked_title')}</h2>
        {blocked.length === 0 ? (
          <p class="note">{t('options_blocked_none')}</p>
        ) : (
          <>
            <p class="note">{t('options_blocked_note')}</p>
            <ul data-testid="blocked-list">
              {blocked.map((person) => (
                <li key={person.id} data-user-id={person.id}>
                  <span dir="auto">{person.name}</span>
                  <span class="since">{t('options_blocked_since', fullTime(person.at))}</span>
                  <button type="button" class="small" data-testid="unblock" onClick={() => void unblock(person.id)}>
                    {t('options_unblock')}
                    <span class="sr-only"> {person.name}</span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section class="options-section safety-list" aria-labelledby="muted-heading">
        <h2 id="muted-heading">{t('options_muted_title')}</h2>
        {mutes.length === 0 ? (
          <p class="note">{t('options_muted_none')}</p>
        ) : (
          <ul data-testid="muted-list">
            {mutes.map((mute) => (
              <li key={`${mute.room}/${mute.id}`} data-user-id={mute.id}>
                <span dir="auto">{mute.name}</span>
                <span class="since">
                  {mute.until === null ? t('options_muted_forever') : t('options_muted_until', fullTime(mute.until))}
                </span>
                <button
                  type="button"
                  class="small"
                  data-testid="unmute"
                  onClick={() => void unmute(mute.room, mute.id)}
                >
                  {t('options_unmute')}
                  <span class="sr-only"> {mute.name}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
