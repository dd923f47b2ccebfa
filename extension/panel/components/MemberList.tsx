import { plural, t } from '../../lib/i18n.ts';
import type { DmModel } from '../models/dm.ts';
import type { RoomModel } from '../models/room.ts';
import { nameWithTag, PersonName } from './PersonName.tsx';
import { SafetyMenu } from './SafetyMenu.tsx';

/** Everyone here; choosing someone else opens a private conversation with them. */
/** `stale`: the connection is down, so the list is who was here when it last worked. */
export function MemberList({ room, dm, stale = false }: { room: RoomModel; dm: DmModel; stale?: boolean }) {
  const members = [...room.members.value.values()];
  const selfId = room.self.value?.id;
  const unread = dm.unread.value;
  const closed = room.dmClosed.value;
  const unlisted = room.memberCount.value - members.length;
  const roomKey = room.room.value?.key;

  return (
    <section class={stale ? 'members stale' : 'members'} aria-label={t('frame_members_label')}>
      {stale ? (
        <p class="members-stale" data-testid="members-stale">
          {t('frame_members_stale')}
        </p>
      ) : null}
      <ul>
        {members.map((member) => {
          const count = unread.get(member.id) ?? 0;
          const tag = room.tagOf(member);
          return (
            <li key={member.id}>
              {member.id === selfId || closed.has(member.id) ? (
                <span
                  class={member.id === selfId ? 'member self' : 'member closed'}
                  data-testid="member"
                  data-user-id={member.id}
                  {...(member.id === selfId ? {} : { 'data-dm': 'closed' })}
                >
                  <PersonName person={member} tag={tag} />
                  {member.id === selfId ? (
                    <>
                      {' '}
                      <span class="you">{t('frame_member_you')}</span>
                    </>
                  ) : null}
                </span>
              ) : (
                <button
                  type="button"
                  class="member"
                  data-testid="member"
                  data-user-id={member.id}
                  title={t('frame_member_message_title', nameWithTag(member, tag))}
                  onClick={() => dm.open(member)}
                >
                  <PersonName person={member} tag={tag} />
                  {count > 0 ? (
                    <span class="badge">
                      {count}
                      <span class="sr-only"> {t('frame_member_unread')}</span>
                    </span>
                  ) : null}
                </button>
              )}
              {member.id !== selfId && roomKey !== undefined ? (
                <SafetyMenu
                  person={member}
                  room={roomKey}
                  label="⋯"
                  buttonClass="member-more"
                  title={t('frame_member_more_title', nameWithTag(member, tag))}
                />
              ) : null}
            </li>
          );
        })}
        {unlisted > 0 ? <li class="unlisted">{plural('frame_members_unlisted', unlisted)}</li> : null}
      </ul>
    </section>
  );
}
