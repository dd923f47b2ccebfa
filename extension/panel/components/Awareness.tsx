import { formatNumber, plural, t } from '../../lib/i18n.ts';
import type { InboxModel } from '../models/inbox.ts';
import type { NavigationModel } from '../models/navigation.ts';
import { Sentence } from './Sentence.tsx';

/** Opens the Messages view; says how many conversations have something unread. */
export function InboxButton({ inbox, navigation }: { inbox: InboxModel; navigation: NavigationModel }) {
  const unread = inbox.unreadConversations.value;
  return (
    <button
      type="button"
      class="quiet small inbox-button"
      data-testid="dm-inbox"
      onClick={() => navigation.showInbox()}
    >
      {t('notice_messages')}
      {/* Its name is what it shows, the count then words for it: voice control finds it by what is seen. */}
      {unread > 0 ? (
        <span class="badge">
          {formatNumber(unread)}
          <span class="sr-only"> {plural('notice_unread_conversations', unread)}</span>
        </span>
      ) : null}
    </button>
  );
}

/**
 * Away from the room's view, what happens elsewhere: new room messages, and other
 * conversations with something unread, each one click away.
 */
export function ActivityMarker({
  navigation,
  hasRoom,
  inConversation,
}: {
  navigation: NavigationModel;
  /** The room can be gone back to (the panel has one). */
  hasRoom: boolean;
  inConversation: boolean;
}) {
  const news = hasRoom ? navigation.roomNews.value : 0;
  const others = inConversation ? navigation.otherUnread.value : [];
  const only = others.length === 1 ? others[0] : undefined;
  return (
    <div class="activity" data-testid="activity" aria-live="polite">
      {news > 0 ? (
        <button type="button" class="small" data-testid="activity-room" onClick={() => navigation.showRoom()}>
          {plural('notice_room_news', news)}
        </button>
      ) : null}
      {only ? (
        <button type="button" class="small" data-testid="activity-dm" onClick={() => navigation.openConversation(only)}>
          <Sentence words={(name) => plural('notice_person_unread', only.unread, name)}>
            <bdi>{only.peer.name}</bdi>
          </Sentence>
        </button>
      ) : others.length > 1 ? (
        <button type="button" class="small" data-testid="activity-dm" onClick={() => navigation.showInbox()}>
          {plural('notice_other_unread', others.length)}
        </button>
      ) : null}
    </div>
  );
}
