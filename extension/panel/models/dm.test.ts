import { afterEach, describe, expect, it, vi } from 'vitest';
import { CLIENT_ID_PATTERN } from '../../../protocol/index.ts';
import {
  ALICE,
  BOB,
  CAROL,
  OTHER_PAGE_ROOM,
  PAGE_ROOM,
  conversation,
  direct,
  folded,
  pageContext,
  textOf,
} from '../testing/fixtures.ts';
import { enterRoom, setupPanel } from '../testing/panel-setup.ts';
import { collapseFrame } from '../testing/frame-size.ts';

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

    await hub.next('dm:status').answer({ ok: true, online: [BOB.id] });
    expect(models.dm.reach.value).toBe('online');

    models.dm.setDraft('still there?');
    models.dm.send();
    await hub.next('message:post').answer({ ok: false, error: { code: 'not_here', message: 'gone' } });
    expect(models.dm.outbox.value).toEqual([
      expect.objectContaining({
        state: 'failed',
        body: { text: 'still there?' },
        error: "Not delivered: Bob can't be reached right now",
      }),
    ]);
    // The refusal asks again whether Bob is online: the answer decides what Retry promises.
    const asked = hub.next('dm:status');
    expect(asked.payload).toEqual({ users: [BOB.id] });
    await asked.answer({ ok: true, online: [] });
    expect(models.dm.reach.value).toBe('offline');
  });

  it("shows the inbox's unread counts of this room's conversations, and marks one read on opening it", async () => {
    const { hub, models } = setupPanel();
    await enterRoom(hub, { members: [ALICE, BOB, CAROL] });
    hub.push('message:posted', direct(BOB, ALICE, 'hi'));
    hub.push('message:posted', direct(BOB, ALICE, 'you there?'));
    const withBob = conversation(ALICE, BOB, { unread: 2 });
    hub.push('inbox:update', {
      conversations: [withBob, conversation(ALICE, CAROL, { room: OTHER_PAGE_ROOM, unread: 4 })],
    });
    expect(models.dm.unread.value).toEqual(new Map([[BOB.id, 2]]));

    models.dm.open(BOB);
    expect(hub.next('inbox:read').payload).toEqual({ key: withBob.key });
    expect(models.dm.messages.value.map(textOf)).toEqual(['hi', 'you there?']);
    expect(models.dm.conversation.value?.key).toBe(`${PAGE_ROOM}:${[ALICE.id, BOB.id].sort().join(':')}`);
  });

  it('marks read what arrives in the open conversation while the panel is visible', async () => {
    const { hub, models } = setupPanel();
    await enterRoom(hub);
    models.dm.open(BOB);
    await hub.next('inbox:read').answer({ ok: true });
    hub.push('inbox:update', { conversations: [conversation(ALICE, BOB, { unread: 1 })] });
    expect(hub.requestsOf('inbox:read')).toHaveLength(2);

    await hub.next('inbox:read').answer({ ok: true });
    collapseFrame(true);
    hub.push('inbox:update', { conversations: [conversation(ALICE, BOB, { unread: 2 })] });
    expect(hub.requestsOf('inbox:read')).toHaveLength(2);
    collapseFrame(false);
    expect(hub.requestsOf('inbox:read')).toHaveLength(3);
  });

  it('opens a conversation of another room from the inbox, loads it and sends to its room', async () => {
    const { hub, models } = setupPanel();
    await enterRoom(hub);
    await hub.next('dm:archive').answer({ ok: true, envelopes: [], deliveries: {} });
    const withCarol = conversation(ALICE, CAROL, { room: OTHER_PAGE_ROOM });
    models.navigation.openConversation(withCarol);
    expect(models.dm.peer.value).toEqual(CAROL);
    expect(models.dm.peerLeft.value).toBe(true);
    const archive = hub.next('dm:archive');
    expect(archive.payload).toEqual({ room: OTHER_PAGE_ROOM });
    await archive.answer({
      ok: true,
      envelopes: [
        direct(CAROL, ALICE, 'from the other page', { room: OTHER_PAGE_ROOM }),
        direct(BOB, ALICE, 'not hers'),
      ],
      deliveries: {},
    });
    expect(models.dm.messages.value.map(textOf)).toEqual(['from the other page']);

    hub.push('message:posted', direct(CAROL, ALICE, 'still here', { room: OTHER_PAGE_ROOM }));
    expect(models.dm.messages.value.map(textOf)).toEqual(['from the other page', 'still here']);

    models.dm.setDraft('hello again');
    models.dm.send();
    expect(hub.next('message:post').payload).toMatchObject({
      room: OTHER_PAGE_ROOM,
      to: CAROL.id,
      kind: 'text',
      body: { text: 'hello again' },
    });
    // Typing goes only where both are: the relay refuses it in a room not joined.
    expect(hub.signals.filter((signal) => signal.type === 'typing')).toEqual([]);
  });

  it('files the DMs of a conversation from another room by the id this person has there', async () => {
    const { hub, models } = setupPanel();
    await enterRoom(hub);
    await hub.next('dm:archive').answer({ ok: true, envelopes: [] });
    // The relay shows Alice by another id in the other room (issue #15, ids per room).
    const aliceThere = { id: 'alice-elsewhere-00000', name: 'Alice' };
    models.navigation.openConversation(conversation(aliceThere, CAROL, { room: OTHER_PAGE_ROOM }));
    expect(models.dm.conversation.value?.self).toBe(aliceThere.id);
    await hub.next('dm:archive').answer({
      ok: true,
      envelopes: [
        direct(aliceThere, CAROL, 'mine, there', { room: OTHER_PAGE_ROOM }),
        direct(CAROL, aliceThere, 'hers, there', { room: OTHER_PAGE_ROOM }),
      ],
    });
    hub.push('message:posted', direct(aliceThere, CAROL, 'from my other tab', { room: OTHER_PAGE_ROOM }));
    expect(models.dm.messages.value.map(textOf)).toEqual(['mine, there', 'hers, there', 'from my other tab']);
  });

  it('opens a conversation with no room at all, knowing who we are from its key', async () => {
    const { hub, models } = setupPanel();
    models.navigation.openConversation(conversation(ALICE, CAROL));
    expect(models.dm.conversation.value?.self).toBe(ALICE.id);
    await hub.next('dm:archive').answer({ ok: true, envelopes: [direct(ALICE, CAROL, 'mine')], deliveries: {} });
    expect(models.dm.messages.value.map((message) => message.from.id)).toEqual([ALICE.id]);
  });

  it("asks whether the peer is online on opening and every 30 s while visible, and says they're offline", async () => {
    vi.useFakeTimers();
    const { hub, models } = setupPanel();
    models.navigation.openConversation(conversation(ALICE, CAROL));
    await hub.next('dm:status').answer({ ok: true, online: [] });
    expect(models.dm.reach.value).toBe('offline');
    vi.advanceTimersByTime(30_000);
    await hub.next('dm:status').answer({ ok: true, online: [CAROL.id] });
    expect(models.dm.reach.value).toBe('online');

    collapseFrame(true);
    vi.advanceTimersByTime(60_000);
    expect(hub.requestsOf('dm:status')).toHaveLength(2);
    models.dm.close();
    collapseFrame(false);
    vi.advanceTimersByTime(60_000);
    expect(hub.requestsOf('dm:status')).toHaveLength(2);
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
    expect(hub.signals.filter((signal) => signal.type === 'typing')).toEqual([
      { type: 'typing', payload: { room: PAGE_ROOM, to: BOB.id } },
    ]);
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
    await archive.answer({ ok: true, envelopes: [fromBob, toBob, fromCarol], deliveries: {} });
    models.dm.open(BOB);
    expect(models.dm.messages.value).toEqual([fromBob, toBob].map(folded));
    models.dm.open(CAROL);
    expect(models.dm.messages.value).toEqual([fromCarol].map(folded));
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
