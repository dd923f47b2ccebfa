import { fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PanelView } from '../../lib/domain.ts';
import { ALICE, BOB, CAROL, OTHER_PAGE_ROOM, PAGE_ROOM, chat, alicesInbox, conversation } from '../testing/fixtures.ts';
import type { FakeHub } from '../testing/fake-hub.ts';
import { enterRoom } from '../testing/panel-setup.ts';
import { acting, renderInRoom, renderPanel } from '../testing/render-panel.tsx';
import { collapseFrame } from '../testing/frame-size.ts';

const { withCarol, withBob } = alicesInbox();

const rows = (): HTMLElement[] => screen.queryAllByTestId('dm-conversation');
const views = (hub: FakeHub): PanelView[] =>
  hub.signals.filter((signal) => signal.type === 'view:state').map((signal) => signal.payload as PanelView);

async function openInbox(hub: FakeHub): Promise<void> {
  await acting(() => hub.push('inbox:update', { conversations: [withCarol, withBob] }));
  await acting(() => fireEvent.click(screen.getByTestId('dm-inbox')));
}

describe('the Messages view', () => {
  it('is opened by a header button that counts conversations with something unread', async () => {
    const { hub } = await renderInRoom();
    expect(screen.getByRole('button', { name: 'Messages' })).toBe(screen.getByTestId('dm-inbox'));
    await acting(() => hub.push('inbox:update', { conversations: [withCarol, withBob] }));
    expect(screen.getByRole('button', { name: /^Messages ?1 unread conversation$/ })).toBeTruthy();
  });

  it('lists every conversation newest first: name, last line, time, unread count, page', async () => {
    const { hub } = await renderInRoom();
    await openInbox(hub);
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Messages');
    expect(rows().map((row) => [row.dataset.userId, row.dataset.unread])).toEqual([
      [CAROL.id, '2'],
      [BOB.id, '0'],
    ]);
    const [carol, bob] = rows() as [HTMLElement, HTMLElement];
    expect(carol.textContent).toContain('Carol');
    expect(carol.textContent).toContain('are you still reading?');
    expect(carol.textContent).toContain('2 unread');
    expect(carol.textContent).toContain('Started on Sea otters, a field guide');
    expect(carol.querySelector('time')?.textContent).toMatch(/^\d\d:\d\d$|^Yesterday$/);
    expect(bob.textContent).toContain('You: see you');
    expect(screen.queryByTestId('composer')).toBeNull();
  });

  it('says so in words when there is no conversation yet', async () => {
    await renderInRoom();
    await acting(() => fireEvent.click(screen.getByTestId('dm-inbox')));
    expect(screen.getByText(/No private conversations yet/)).toBeTruthy();
  });

  it('opens a conversation whose person is not in this room, marks it read, and sends to its room', async () => {
    const { hub } = await renderInRoom();
    await openInbox(hub);
    await acting(() => fireEvent.click(rows()[0] as HTMLElement));
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Private with Carol');
    expect(hub.next('inbox:read').payload).toEqual({ key: withCarol.key });
    expect(document.activeElement).toBe(screen.getByTestId('dm-composer'));

    await acting(() => fireEvent.input(screen.getByTestId('dm-composer'), { target: { value: 'yes!' } }));
    await acting(() => fireEvent.click(screen.getByTestId('dm-send')));
    expect(hub.next('message:post').payload).toMatchObject({
      room: OTHER_PAGE_ROOM,
      to: CAROL.id,
      kind: 'text',
      body: { text: 'yes!' },
    });
  });

  it('opens a conversation in a panel that has no room (a pop-out of a page without one)', async () => {
    const { hub } = renderPanel();
    await acting(() => hub.push('page:context', { status: 'no_room', title: 'chrome://settings' }));
    await openInbox(hub);
    await acting(() => fireEvent.click(rows()[1] as HTMLElement));
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Private with Bob');
    await acting(() => fireEvent.input(screen.getByTestId('dm-composer'), { target: { value: 'hi' } }));
    await acting(() => fireEvent.keyDown(screen.getByTestId('dm-composer'), { key: 'Enter' }));
    expect(hub.next('message:post').payload).toMatchObject({ room: PAGE_ROOM, to: BOB.id });
  });

  it('goes Back to the list with focus on the row, and from the list back to the room', async () => {
    const { hub } = await renderInRoom();
    await openInbox(hub);
    await acting(() => fireEvent.click(rows()[0] as HTMLElement));
    await acting(() => fireEvent.click(screen.getByRole('button', { name: 'Back to Messages' })));
    expect(document.activeElement).toBe(rows()[0]);
    await acting(() => fireEvent.click(screen.getByRole('button', { name: 'Back to the room' })));
    expect(screen.getByTestId('composer')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByTestId('dm-inbox'));
  });

  it('moves between rows with the arrow keys', async () => {
    const { hub } = await renderInRoom();
    await openInbox(hub);
    const [first, second] = rows() as [HTMLElement, HTMLElement];
    first.focus();
    await acting(() => fireEvent.keyDown(first, { key: 'ArrowDown' }));
    expect(document.activeElement).toBe(second);
    await acting(() => fireEvent.keyDown(second, { key: 'ArrowDown' }));
    expect(document.activeElement).toBe(second);
    await acting(() => fireEvent.keyDown(second, { key: 'Home' }));
    expect(document.activeElement).toBe(first);
  });

  it('opens the conversation a notification asks for, even before the inbox arrived', async () => {
    const { hub } = await renderInRoom();
    await acting(() => hub.push('inbox:open', { key: withCarol.key }));
    expect(screen.queryByTestId('dm-composer')).toBeNull();
    await acting(() => hub.push('inbox:update', { conversations: [withCarol] }));
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Private with Carol');
  });
});

describe('what the panel tells the hub it shows (view:state)', () => {
  it('says the room, then the conversation, then the Messages view, once per change', async () => {
    const { hub } = await renderInRoom();
    expect(views(hub).at(-1)).toEqual({ room: PAGE_ROOM, conversation: null, visible: true });
    const bob = screen.getAllByTestId('member').find((element) => element.dataset.userId === BOB.id);
    await acting(() => fireEvent.click(bob as HTMLElement));
    expect(views(hub).at(-1)).toEqual({ room: null, conversation: withBob.key, visible: true });
    await acting(() => hub.push('inbox:update', { conversations: [withBob] }));
    await acting(() => fireEvent.click(screen.getByTestId('dm-inbox')));
    expect(views(hub).at(-1)).toEqual({ room: null, conversation: null, visible: true });
    const count = views(hub).length;
    await acting(() => hub.push('inbox:update', { conversations: [withBob, withCarol] }));
    expect(views(hub)).toHaveLength(count);
  });

  it('says the panel is not visible when it is collapsed or its document hidden', async () => {
    const { hub } = await renderInRoom();
    await acting(() => collapseFrame(true));
    expect(views(hub).at(-1)).toEqual({ room: PAGE_ROOM, conversation: null, visible: false });
    await acting(() => collapseFrame(false));
    Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'hidden' });
    await acting(() => document.dispatchEvent(new Event('visibilitychange')));
    expect(views(hub).at(-1)?.visible).toBe(false);
    Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'visible' });
    await acting(() => document.dispatchEvent(new Event('visibilitychange')));
    expect(views(hub).at(-1)?.visible).toBe(true);
  });
});

describe('the header marker, in a conversation', () => {
  it('counts new room messages since leaving the room, one click back to it', async () => {
    const { hub } = await renderInRoom({ history: [chat(BOB, 'before')] });
    const bob = screen.getAllByTestId('member').find((element) => element.dataset.userId === BOB.id);
    await acting(() => fireEvent.click(bob as HTMLElement));
    expect(screen.queryByTestId('activity-room')).toBeNull();
    await acting(() => hub.push('message:posted', chat(CAROL, 'one')));
    await acting(() => hub.push('message:posted', chat(ALICE, 'mine, from another tab')));
    await acting(() => hub.push('message:posted', chat(BOB, 'two')));
    expect(screen.getByTestId('activity-room').textContent).toBe('2 new messages in the room');
    await acting(() => fireEvent.click(screen.getByTestId('activity-room')));
    expect(screen.getByTestId('composer')).toBeTruthy();
    await acting(() => fireEvent.click(bob as HTMLElement));
    expect(screen.queryByTestId('activity-room')).toBeNull();
  });

  it("counts no history as news: a conversation opened before the room's join", async () => {
    const { hub } = renderPanel();
    await acting(() => hub.push('inbox:update', { conversations: [withCarol] }));
    await acting(() => hub.push('inbox:open', { key: withCarol.key }));
    await acting(() => enterRoom(hub, { history: [chat(BOB, 'old'), chat(BOB, 'older')] }));
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Private with Carol');
    expect(screen.queryByTestId('activity-room')).toBeNull();
    await acting(() => hub.push('message:posted', chat(BOB, 'new')));
    expect(screen.getByTestId('activity-room').textContent).toBe('1 new message in the room');
  });

  it("shows another conversation's unread messages and opens it", async () => {
    const { hub } = await renderInRoom();
    const bob = screen.getAllByTestId('member').find((element) => element.dataset.userId === BOB.id);
    await acting(() => fireEvent.click(bob as HTMLElement));
    await acting(() => hub.push('inbox:update', { conversations: [withCarol, withBob] }));
    expect(screen.getByTestId('activity-dm').textContent).toBe('Carol: 2 unread messages');
    await acting(() => fireEvent.click(screen.getByTestId('activity-dm')));
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Private with Carol');
    expect(screen.queryByTestId('activity-dm')).toBeNull();
  });

  it('sends to the Messages view when several others are unread', async () => {
    const { hub } = await renderInRoom();
    const bob = screen.getAllByTestId('member').find((element) => element.dataset.userId === BOB.id);
    await acting(() => fireEvent.click(bob as HTMLElement));
    const another = conversation(ALICE, { id: 'dave-000000000000000', name: 'Dave' }, { unread: 1 });
    await acting(() => hub.push('inbox:update', { conversations: [withCarol, another, withBob] }));
    expect(screen.getByTestId('activity-dm').textContent).toBe('2 other conversations unread');
    await acting(() => fireEvent.click(screen.getByTestId('activity-dm')));
    expect(rows()).toHaveLength(3);
  });
});

describe("the other person's reach", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('says that they are offline, and still lets the person send: the relay keeps sealed DMs for them', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { hub } = await renderInRoom();
    await openInbox(hub);
    await acting(() => fireEvent.click(rows()[0] as HTMLElement));
    await acting(() => fireEvent.input(screen.getByTestId('dm-composer'), { target: { value: 'hello?' } }));
    await acting(() => fireEvent.click(screen.getByTestId('dm-send')));
    const post = hub.next('message:post');
    const status = hub.next('dm:status');
    expect(status.payload).toEqual({ users: [CAROL.id] });
    await acting(() => status.answer({ ok: true, online: [CAROL.id] }));
    expect(screen.getByTestId('dm-presence').textContent).toBe('online');
    expect(screen.getByTestId('dm-notice').textContent).toBe(
      'Carol is not on this page but is online: your messages still reach them.',
    );

    await acting(() => post.answer({ ok: false, error: { code: 'not_here', message: 'Carol is offline' } }));
    await acting(() => hub.next('dm:status').answer({ ok: true, online: [] }));
    expect(screen.getByTestId('dm-presence').textContent).toBe('offline');
    expect(screen.getByTestId('dm-notice').textContent).toBe(
      'Carol is offline: your messages wait for them, encrypted, for up to 7 days.',
    );
    expect(screen.queryByTestId('composer-blocked')).toBeNull();
    expect(screen.getByText("Not delivered: Carol can't be reached right now")).toBeTruthy();
    const retry = screen.getByRole('button', { name: 'Retry' }) as HTMLButtonElement;
    expect(retry.disabled).toBe(false);
    await acting(() => fireEvent.click(retry));
    expect(hub.next('message:post').payload).toMatchObject({ clientId: post.payload.clientId, to: CAROL.id });
  });

  it('takes a member of the room shown as reachable, whatever an older status said', async () => {
    const { hub } = await renderInRoom();
    const bob = screen.getAllByTestId('member').find((element) => element.dataset.userId === BOB.id);
    await acting(() => fireEvent.click(bob as HTMLElement));
    await acting(() => hub.next('dm:status').answer({ ok: true, online: [] }));
    // Bob is in the room: the member list is proof enough that a DM reaches him.
    expect(screen.queryByTestId('composer-blocked')).toBeNull();
    expect((screen.getByTestId('dm-send') as HTMLButtonElement).disabled).toBe(true);
    await acting(() => fireEvent.input(screen.getByTestId('dm-composer'), { target: { value: 'hi' } }));
    expect((screen.getByTestId('dm-send') as HTMLButtonElement).disabled).toBe(false);
  });
});
