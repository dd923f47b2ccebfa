import { countOf as plural } from '../count-words.ts';
import type { InboxModel } from '../models/inbox.ts';
import type { NavigationModel } from '../models/navigation.ts';

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
      Messages
      {/* Its name is what it shows, the count then words for it: voice control finds it by what is seen. */}
      {unread > 0 ? (
        <span class="badge">
          {unread}
          <span class="sr-only"> {unread === 1 ? 'unread conversation' : 'unread conversations'}</span>
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
          {plural(news, 'new message', 'new messages')} in the room
        </button>
      ) : null}
      {only ? (
        <button type="button" class="small" data-testid="activity-dm" onClick={() => navigation.openConversation(only)}>
          <bdi>{only.peer.name}</bdi>: {plural(only.unread, 'unread message', 'unread messages')}
        </button>
      ) : others.length > 1 ? (
        <button type="button" class="small" data-testid="activity-dm" onClick={() => navigation.showInbox()}>
          {plural(others.length, 'other conversation', 'other conversations')} unread
        </button>
      ) : null}
    </div>
  );
}
