/**
 * Which of the panel's views is on screen (issue #13): the room, the Messages view (the
 * inbox), or a conversation over either; Back from a conversation returns to the one it was
 * opened from. It tells the hub what is on screen (`view:state`) on every change, counts what
 * happened elsewhere for the header's marker, and says where focus goes after a move, so
 * keyboard users are not dropped on the page's body.
 */
import { batch, computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import { ServerEvent } from '../../../protocol/index.ts';
import type { Conversation, PanelView } from '../../lib/domain.ts';
import type { HubClient } from '../hub-client.ts';
import type { DmModel } from './dm.ts';
import type { InboxModel } from './inbox.ts';
import type { RoomModel } from './room.ts';

export type Screen = 'room' | 'inbox';

/** An element to focus once the view it is in has rendered; `serial` repeats a request. */
export interface FocusRequest {
  selector: string;
  serial: number;
}

export interface NavigationModel {
  /** The view under an open conversation. */
  readonly screen: ReadonlySignal<Screen>;
  /** What `view:state` said last. */
  readonly view: ReadonlySignal<PanelView>;
  /** Messages from others in the room since the person left its view; 0 while it is shown. */
  readonly roomNews: ReadonlySignal<number>;
  /** Conversations other than the open one with something unread. */
  readonly otherUnread: ReadonlySignal<readonly Conversation[]>;
  readonly focus: ReadonlySignal<FocusRequest | null>;
  showInbox(): void;
  showRoom(): void;
  /** Opens a conversation of the inbox (a row, the header's marker, a notification). */
  openConversation(conversation: Pick<Conversation, 'key' | 'room' | 'peer'>): void;
  /** Leaves the conversation for the view it was opened from, focus on what opened it. */
  back(): void;
  dispose(): void;
}

/** The selector of the control that opens a conversation from `screen`. */
function opener(screen: Screen, peer: string): string {
  // User ids are base64url: nothing in them needs escaping in a selector.
  const testId = screen === 'inbox' ? 'dm-conversation' : 'member';
  return `[data-testid="${testId}"][data-user-id="${peer}"]`;
}

export function createNavigationModel(
  hub: HubClient,
  room: RoomModel,
  dm: DmModel,
  inbox: InboxModel,
  visible: ReadonlySignal<boolean>,
): NavigationModel {
  const screen = signal<Screen>('room');
  const focus = signal<FocusRequest | null>(null);
  let serial = 0;
  const focusOn = (selector: string): void => {
    focus.value = { selector, serial: ++serial };
  };

  const roomShown = computed(() => screen.value === 'room' && dm.conversation.value === null);
  const view = computed<PanelView>(() => ({
    room: roomShown.value ? (room.room.value?.key ?? null) : null,
    conversation: dm.conversation.value?.key ?? null,
    visible: visible.value,
  }));

  // Live room messages from others while the room's view is not shown: history is not news.
  const roomNews = signal(0);

  // Asked for by a notification's click, perhaps before the inbox that holds it arrived.
  const wanted = signal<string | null>(null);

  let sent = '';
  const stops = [
    effect(() => {
      const state = view.value;
      const said = JSON.stringify(state);
      if (said === sent) return;
      sent = said;
      hub.signal('view:state', state);
    }),
    effect(() => {
      if (roomShown.value) roomNews.value = 0;
    }),
    room.room.subscribe(() => {
      roomNews.value = 0;
    }),
    hub.on(ServerEvent.MessagePosted, (envelope) => {
      const news = envelope.kind === 'text' || envelope.kind === 'image';
      if (!news || envelope.to !== undefined || roomShown.peek()) return;
      if (envelope.room === room.room.peek()?.key && envelope.from.id !== room.self.peek()?.id) roomNews.value++;
    }),
    hub.on('inbox:open', ({ key }) => {
      wanted.value = key;
    }),
    effect(() => {
      const key = wanted.value;
      const conversation = key === null ? undefined : inbox.byKey(key);
      if (!conversation) return;
      batch(() => {
        wanted.value = null;
        openConversation(conversation);
      });
    }),
  ];

  function openConversation(conversation: Pick<Conversation, 'key' | 'room' | 'peer'>): void {
    dm.openConversation(conversation);
  }

  return {
    screen,
    view,
    roomNews,
    otherUnread: computed(() =>
      inbox.conversations.value.filter(
        (conversation) => conversation.unread > 0 && conversation.key !== dm.conversation.value?.key,
      ),
    ),
    focus,
    showInbox() {
      batch(() => {
        dm.close();
        screen.value = 'inbox';
      });
      focusOn('#inbox-heading');
    },
    showRoom() {
      const from = screen.peek();
      batch(() => {
        dm.close();
        screen.value = 'room';
      });
      focusOn(from === 'inbox' ? '[data-testid="dm-inbox"]' : '[data-testid="composer"]');
    },
    openConversation,
    back() {
      const peer = dm.conversation.peek()?.peer.id;
      dm.close();
      if (peer !== undefined) focusOn(opener(screen.peek(), peer));
    },
    dispose() {
      for (const stop of stops) stop();
    },
  };
}
