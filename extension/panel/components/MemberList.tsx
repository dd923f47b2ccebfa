import type { DmModel } from '../models/dm.ts';
import type { RoomModel } from '../models/room.ts';
import { nameWithTag, PersonName } from './PersonName.tsx';

/** Everyone here; choosing someone else opens a private conversation with them. */
export function MemberList({ room, dm }: { room: RoomModel; dm: DmModel }) {
  const members = [...room.members.value.values()];
  const selfId = room.self.value?.id;
  const unread = dm.unread.value;
  const unlisted = room.memberCount.value - members.length;

  return (
    <section class="members" aria-label="People here">
      <ul>
        {members.map((member) => {
          const count = unread.get(member.id) ?? 0;
          const tag = room.tagOf(member);
          return (
            <li key={member.id}>
              {member.id === selfId ? (
                <span class="member self" data-testid="member" data-user-id={member.id}>
                  <PersonName person={member} tag={tag} /> <span class="you">(you)</span>
                </span>
              ) : (
                <button
                  type="button"
                  class="member"
                  data-testid="member"
                  data-user-id={member.id}
                  title={`Message ${nameWithTag(member, tag)} privately`}
                  onClick={() => dm.open(member)}
                >
                  <PersonName person={member} tag={tag} />
                  {count > 0 ? (
                    <span class="badge">
                      {count}
                      <span class="sr-only"> unread</span>
                    </span>
                  ) : null}
                </button>
              )}
            </li>
          );
        })}
        {unlisted > 0 ? <li class="unlisted">and {unlisted} more</li> : null}
      </ul>
    </section>
  );
}
