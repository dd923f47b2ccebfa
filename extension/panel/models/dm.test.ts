import { afterEach, describe, expect, it, vi } from 'vitest';
import { CLIENT_ID_PATTERN } from '../../../protocol/index.ts';
import {
  ALICE,
  BOB,
  CAROL,
  OTHER_PAGE_ROOM,
  PAGE_ROOM,
  direct,
  folded,
  pageContext,
  textOf,
} from '../testing/fixtures.ts';
import { enterRoom, setupPanel } from '../testing/panel-setup.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('DM conversations', () => {
  it('opens a conversation with another member, not with ourselves, and closes it', async () => {
    const { hub, models } = setupPanel();
    await enterRoom(hub);
    models.dm.open(ALICE);
    expect(models.dm.peer.value).toBeNull();
    models.dm.open(BOB);
    expect(models.dm.peer.value).toEqual(BOB);
    models.dm.close();
    expect(models.dm.peer.value).toBeNull();
  });

  it('sends to the open peer in this room and shows the accepted message', async () => {
    const { hub, models } = setupPanel();
    await enterRoom(hub);
    models.dm.open(BOB);
    models.dm.setDraft('psst');
    models.dm.send();
    const request = hub.next('message:post');
    expect(request.payload).toEqual({
      room: PAGE_ROOM,
      to: BOB.id,
      clientId: expect.stringMatching(CLIENT_ID_PATTERN),
      kind: 'text',
      body: { text: 'psst' },
    });
    expect(models.dm.outbox.value.map((entry) => entry.state)).toEqual(['pending']);

    const accepted = direct(ALICE, BOB, 'psst', { clientId: request.payload.clientId });
    await request.answer({ ok: true, message: accepted });
    expect(models.dm.outbox.value).toEqual([]);
    expect(models.dm.messages.value).toEqual([accepted].map(folded));
  });

  it('explains that the peer has left when the server says so', async () => {
    const { hub, models } = setupPanel();
    await enterRoom(hub);
    models.dm.open(BOB);
    hub.push('presence:update', { room: PAGE_ROOM, left: BOB.id, memberCount: 1 });
    expect(models.dm.peerLeft.value).toBe(true);
    expect(models.dm.peer.value).toEqual(BOB);

    models.dm.setDraft('still there?');
    models.dm.send();
    await hub.next('message:post').answer({ ok: false, error: { code: 'not_here', message: 'gone' } });
    expect(models.dm.outbox.value).toEqual([
      expect.objectContaining({ state: 'failed', body: { text: 'still there?' }, error: 'Bob has left this page' }),
    ]);
  });

  it('counts unread DMs from a peer until their conversation is opened', async () => {
    const { hub, models } = setupPanel();
    await enterRoom(hub);
    const hi = direct(BOB, ALICE, 'hi');
    hub.push('message:posted', hi);
    hub.push('message:posted', direct(BOB, ALICE, 'you there?'));
    expect(models.dm.unread.value).toEqual(new Map([[BOB.id, 2]]));

    models.dm.open(BOB);
    expect(models.dm.unread.value.size).toBe(0);
    expect(models.dm.messages.value.map(textOf)).toEqual(['hi', 'you there?']);
    hub.push('message:posted', direct(BOB, ALICE, 'good'));
    expect(models.dm.unread.value.size).toBe(0);
  });

  it('files a DM we sent from another panel under its recipient', async () => {
    const { hub, models } = setupPanel();
    await enterRoom(hub);
    const mine = direct(ALICE, BOB, 'sent from my other tab');
    hub.push('message:posted', mine);
    expect(models.dm.unread.value.size).toBe(0);
    models.dm.open(BOB);
    expect(models.dm.messages.value).toEqual([mine].map(folded));
  });

  it('ignores DMs of another room', async () => {
    const { hub, models } = setupPanel();
    await enterRoom(hub);
    hub.push('message:posted', direct(BOB, ALICE, 'elsewhere', { room: OTHER_PAGE_ROOM }));
    models.dm.open(BOB);
    expect(models.dm.messages.value).toEqual([]);
    expect(models.dm.unread.value.size).toBe(0);
  });

  it('closes the conversation when the room changes', async () => {
    const { hub, models } = setupPanel();
    await enterRoom(hub);
    models.dm.open(BOB);
    hub.push('page:context', pageContext(OTHER_PAGE_ROOM));
    expect(models.dm.peer.value).toBeNull();
  });

  it('shows the peer typing to us, and tells them we type', async () => {
    vi.useFakeTimers();
    const { hub, models } = setupPanel();
    await enterRoom(hub, { members: [ALICE, BOB, CAROL] });
    models.dm.open(BOB);
    hub.push('typing', { room: PAGE_ROOM, from: CAROL.id, to: ALICE.id });
    expect(models.dm.peerTyping.value).toBe(false);
    hub.push('typing', { room: PAGE_ROOM, from: BOB.id, to: ALICE.id });
    expect(models.dm.peerTyping.value).toBe(true);
    vi.advanceTimersByTime(3000);
    expect(models.dm.peerTyping.value).toBe(false);

    models.dm.setDraft('a');
    expect(hub.signals).toEqual([{ type: 'typing', payload: { room: PAGE_ROOM, to: BOB.id } }]);
  });

  it('shows a renamed peer under their new name', async () => {
    const { hub, models } = setupPanel();
    await enterRoom(hub);
    models.dm.open(BOB);
    hub.push('presence:update', { room: PAGE_ROOM, renamed: { ...BOB, name: 'Robert' }, memberCount: 2 });
    expect(models.dm.peer.value?.name).toBe('Robert');
  });
});

describe('DMs kept on this device', () => {
  it('loads the kept conversations of a room on entering it, each under its peer', async () => {
    const { hub, models } = setupPanel();
    await enterRoom(hub, { members: [ALICE, BOB, CAROL] });
    const archive = hub.next('dm:archive');
    expect(archive.payload).toEqual({ room: PAGE_ROOM });
    const [fromBob, toBob, fromCarol] = [
      direct(BOB, ALICE, 'hi'),
      direct(ALICE, BOB, 'ho'),
      direct(CAROL, ALICE, 'hey'),
    ];
    await archive.answer({ ok: true, envelopes: [fromBob, toBob, fromCarol] });
    models.dm.open(BOB);
    expect(models.dm.messages.value).toEqual([fromBob, toBob].map(folded));
    models.dm.open(CAROL);
    expect(models.dm.messages.value).toEqual([fromCarol].map(folded));
    expect(models.dm.unread.value.size).toBe(0);
    hub.reconnect();
    expect(hub.requestsOf('dm:archive')).toHaveLength(1);
  });

  it('shows the DMs the hub holds as pending in their conversations', async () => {
    const { hub, models } = setupPanel();
    await enterRoom(hub);
    hub.push('outbox:pending', {
      room: PAGE_ROOM,
      sends: [
        { room: PAGE_ROOM, clientId: 'held-dm-0001', kind: 'text', body: { text: 'for Bob' }, to: BOB.id, since: 1 },
      ],
    });
    expect(hub.next('message:post').payload).toEqual({
      room: PAGE_ROOM,
      to: BOB.id,
      clientId: 'held-dm-0001',
      kind: 'text',
      body: { text: 'for Bob' },
    });
    models.dm.open(BOB);
    expect(models.dm.outbox.value).toEqual([
      { clientId: 'held-dm-0001', kind: 'text', body: { text: 'for Bob' }, at: 1, state: 'pending' },
    ]);
  });
});
