import { afterEach, describe, expect, it, vi } from 'vitest';
import { CLIENT_ID_PATTERN, rateLimited } from '../../../protocol/index.ts';
import { settle } from '../testing/fake-hub.ts';
import {
  ALICE,
  BOB,
  CAROL,
  OTHER_PAGE_ROOM,
  PAGE_ROOM,
  SITE_ROOM,
  chat,
  folded,
  fullHistory,
  joined,
  pageContext,
  textOf,
  type TextEnvelope,
} from '../testing/fixtures.ts';
import { enterRoom, setupPanel } from '../testing/panel-setup.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('watching rooms', () => {
  it('watches the page room once the hub says which page this is', async () => {
    const { hub, models } = setupPanel();
    expect(hub.requestsOf('room:watch')).toHaveLength(0);
    const hello = chat(BOB, 'hello');
    await enterRoom(hub, { members: [BOB, ALICE], history: [hello] });

    expect(hub.requestsOf('room:watch').map((request) => request.payload)).toEqual([{ room: PAGE_ROOM }]);
    const { room } = models;
    expect(room.join.value).toEqual({ status: 'joined' });
    expect(room.self.value).toEqual(ALICE);
    expect([...room.members.value.keys()]).toEqual([BOB.id, ALICE.id]);
    expect(room.memberCount.value).toBe(2);
    expect(room.messages.value).toEqual([hello].map(folded));
  });

  it('switches to the site room and back, unwatching the one it leaves and losing nothing', async () => {
    const { hub, models } = setupPanel();
    const early = chat(BOB, 'early');
    await enterRoom(hub, { history: [early] });

    models.room.setScope('site');
    expect(hub.next('room:unwatch').payload).toEqual({ room: PAGE_ROOM });
    await hub.next('room:watch').answer(joined(ALICE, [ALICE, CAROL], [chat(CAROL, 'site', { room: SITE_ROOM })]));
    expect(hub.requestsOf('room:watch').at(-1)?.payload).toEqual({ room: SITE_ROOM });
    expect(models.room.room.value?.key).toBe(SITE_ROOM);
    expect([...models.room.members.value.keys()]).toEqual([ALICE.id, CAROL.id]);

    models.room.setScope('page');
    expect(hub.requestsOf('room:unwatch').at(-1)?.payload).toEqual({ room: SITE_ROOM });
    const later = chat(BOB, 'later');
    await hub.next('room:watch').answer(joined(ALICE, [ALICE, BOB], [early, later]));
    expect(models.room.messages.value).toEqual([early, later].map(folded));
  });

  it('ignores the answer for a room it has already left', async () => {
    const { hub, models } = setupPanel();
    hub.push('page:context', pageContext());
    const pageWatch = hub.next('room:watch');
    models.room.setScope('site');
    const siteWatch = hub.requestsOf('room:watch')[1];
    expect(siteWatch?.payload).toEqual({ room: SITE_ROOM });
    await siteWatch?.answer(joined(ALICE, [ALICE, CAROL]));
    await pageWatch.answer(joined(ALICE, [ALICE, BOB], [chat(BOB, 'wrong room')]));

    expect([...models.room.members.value.keys()]).toEqual([ALICE.id, CAROL.id]);
    expect(models.room.messages.value).toEqual([].map(folded));
  });

  it('follows an in-page navigation to the new page, and stays in the site room across the site', async () => {
    const { hub, models } = setupPanel();
    await enterRoom(hub);
    hub.push('page:context', pageContext(OTHER_PAGE_ROOM));
    expect(hub.next('room:unwatch').payload).toEqual({ room: PAGE_ROOM });
    expect(hub.next('room:watch').payload).toEqual({ room: OTHER_PAGE_ROOM });
    expect(models.room.join.value).toEqual({ status: 'joining' });
    expect(models.room.members.value.size).toBe(0);

    await hub.next('room:watch').answer(joined(ALICE, [ALICE]));
    models.room.setScope('site');
    await hub.next('room:watch').answer(joined(ALICE, [ALICE]));
    const watches = hub.requestsOf('room:watch').length;
    hub.push('page:context', pageContext(PAGE_ROOM));
    expect(hub.requestsOf('room:watch')).toHaveLength(watches);
  });

  it('has no room, and watches none, on a page without one', () => {
    const { hub, models } = setupPanel();
    hub.push('page:context', { status: 'no_room', title: 'New tab' });
    expect(models.room.room.value).toBeNull();
    expect(hub.requests).toHaveLength(0);
  });

  it('says why a watch failed and watches again on request', async () => {
    const { hub, models } = setupPanel();
    hub.push('page:context', pageContext());
    await hub.next('room:watch').answer({ ok: false, error: { code: 'room_full', message: 'full' } });
    expect(models.room.join.value).toEqual({ status: 'failed', error: 'This room is full' });

    models.room.rejoin();
    expect(models.room.join.value).toEqual({ status: 'joining' });
    await hub.next('room:watch').answer(joined(ALICE, [ALICE]));
    expect(models.room.join.value).toEqual({ status: 'joined' });
  });

  it('re-watches the current room after the Port reconnects, and merges', async () => {
    const { hub, models } = setupPanel();
    const first = chat(BOB, 'first');
    await enterRoom(hub, { history: [first] });

    hub.reconnect();
    const second = chat(BOB, 'second');
    await hub.next('room:watch').answer(joined(ALICE, [ALICE, BOB, CAROL], [first, second]));
    expect(hub.requestsOf('room:watch').map((request) => request.payload.room)).toEqual([PAGE_ROOM, PAGE_ROOM]);
    expect(models.room.messages.value).toEqual([first, second].map(folded));
    expect(models.room.memberCount.value).toBe(3);
  });

  it('unwatches its room when disposed', async () => {
    const { hub, models } = setupPanel();
    await enterRoom(hub);
    models.dispose();
    expect(hub.next('room:unwatch').payload).toEqual({ room: PAGE_ROOM });
  });
});

describe('room events', () => {
  it('merges new messages by id, in id order, never twice, and only for this room', async () => {
    const { hub, models } = setupPanel();
    const [one, two, three] = [chat(BOB, 'one'), chat(BOB, 'two'), chat(BOB, 'three')];
    await enterRoom(hub, { history: [one] });
    hub.push('message:posted', three);
    hub.push('message:posted', two);
    hub.push('message:posted', three);
    hub.push('message:posted', chat(BOB, 'elsewhere', { room: OTHER_PAGE_ROOM }));
    expect(models.room.messages.value.map(textOf)).toEqual(['one', 'two', 'three']);
  });

  it('replaces members and count from a snapshot and merges its history', async () => {
    const { hub, models } = setupPanel();
    const old = chat(BOB, 'old');
    await enterRoom(hub, { history: [old] });
    const fresh = chat(CAROL, 'fresh');
    hub.push('room:snapshot', { room: PAGE_ROOM, snapshot: joined(ALICE, [ALICE, CAROL], [fresh], 7) });
    expect([...models.room.members.value.values()]).toEqual([ALICE, CAROL]);
    expect(models.room.memberCount.value).toBe(7);
    expect(models.room.messages.value).toEqual([old, fresh].map(folded));
  });

  it('applies joins, leaves and renames, keeping the order', async () => {
    const { hub, models } = setupPanel();
    await enterRoom(hub);
    hub.push('presence:update', { room: PAGE_ROOM, joined: CAROL, memberCount: 3 });
    hub.push('presence:update', { room: PAGE_ROOM, renamed: { ...ALICE, name: 'Al' }, memberCount: 3 });
    hub.push('presence:update', { room: PAGE_ROOM, left: BOB.id, memberCount: 2 });
    hub.push('presence:update', { room: SITE_ROOM, left: CAROL.id, memberCount: 0 });

    expect([...models.room.members.value.values()]).toEqual([{ ...ALICE, name: 'Al' }, CAROL]);
    expect(models.room.memberCount.value).toBe(2);
    expect(models.room.self.value).toEqual({ ...ALICE, name: 'Al' });
  });

  it('shows who is typing for a few seconds, not ourselves and not in a DM', async () => {
    vi.useFakeTimers();
    const { hub, models } = setupPanel();
    await enterRoom(hub, { members: [ALICE, BOB, CAROL] });
    hub.push('typing', { room: PAGE_ROOM, from: BOB.id });
    hub.push('typing', { room: PAGE_ROOM, from: ALICE.id });
    hub.push('typing', { room: PAGE_ROOM, from: CAROL.id, to: ALICE.id });
    expect(models.room.typing.value).toEqual([BOB]);

    vi.advanceTimersByTime(2900);
    expect(models.room.typing.value).toEqual([BOB]);
    vi.advanceTimersByTime(200);
    expect(models.room.typing.value).toEqual([]);

    hub.push('typing', { room: PAGE_ROOM, from: BOB.id });
    hub.push('message:posted', chat(BOB, 'done typing'));
    expect(models.room.typing.value).toEqual([]);
  });
});

describe('sending', () => {
  it('shows the message as pending at once, then as the server has it', async () => {
    const { hub, models } = setupPanel();
    await enterRoom(hub);
    models.room.setDraft('  hi all  ');
    expect(models.room.send()).toBe(true);

    const request = hub.next('message:post');
    expect(request.payload).toEqual({
      room: PAGE_ROOM,
      clientId: expect.stringMatching(CLIENT_ID_PATTERN),
      kind: 'text',
      body: { text: 'hi all' },
    });
    expect(models.room.draft.value).toBe('');
    expect(models.room.outbox.value).toEqual([
      {
        clientId: request.payload.clientId,
        kind: 'text',
        body: { text: 'hi all' },
        at: expect.any(Number),
        state: 'pending',
      },
    ]);

    const accepted = chat(ALICE, 'hi all', { clientId: request.payload.clientId });
    await request.answer({ ok: true, message: accepted });
    expect(models.room.outbox.value).toEqual([]);
    expect(models.room.messages.value).toEqual([accepted].map(folded));
  });

  it('does not send a blank draft', async () => {
    const { hub, models } = setupPanel();
    await enterRoom(hub);
    models.room.setDraft(' \n ');
    expect(models.room.send()).toBe(false);
    expect(hub.requestsOf('message:post')).toHaveLength(0);
  });

  it('keeps a refused message with the reason, and retries it with the same clientId', async () => {
    const { hub, models } = setupPanel();
    await enterRoom(hub);
    models.room.setDraft('too fast');
    models.room.send();
    const first = hub.next('message:post');
    await first.answer({ ok: false, error: { code: 'rate_limited', message: 'slow', retryAfterMs: 4000 } });
    expect(models.room.outbox.value).toEqual([
      expect.objectContaining({
        state: 'failed',
        body: { text: 'too fast' },
        error: "You're sending too fast — try again in 4 s",
      }),
    ]);

    models.room.retry(first.payload.clientId);
    expect(models.room.outbox.value[0]?.state).toBe('pending');
    const second = hub.next('message:post');
    expect(second.payload).toEqual(first.payload);
    await second.answer({ ok: false, error: { code: 'unavailable', message: 'down' } });

    models.room.discard(first.payload.clientId);
    expect(models.room.outbox.value).toEqual([]);
  });

  it('drops a pending message when it arrives from the hub before the answer', async () => {
    const { hub, models } = setupPanel();
    await enterRoom(hub);
    models.room.setDraft('echo');
    models.room.send();
    const request = hub.next('message:post');
    const accepted = chat(ALICE, 'echo', { clientId: request.payload.clientId });
    hub.push('message:posted', accepted);
    expect(models.room.outbox.value).toEqual([]);
    await request.answer({ ok: true, message: accepted });
    expect(models.room.messages.value).toEqual([accepted].map(folded));
  });

  it('keeps each room its own draft', async () => {
    const { hub, models } = setupPanel();
    await enterRoom(hub);
    models.room.setDraft('for the page');
    models.room.setScope('site');
    expect(models.room.draft.value).toBe('');
    models.room.setScope('page');
    expect(models.room.draft.value).toBe('for the page');
  });

  it('tells the room we are typing, at most once a second', async () => {
    vi.useFakeTimers();
    const { hub, models } = setupPanel();
    hub.push('page:context', pageContext());
    await settle();
    models.room.setDraft('h');
    models.room.setDraft('he');
    vi.advanceTimersByTime(999);
    models.room.setDraft('hel');
    const typing = () => hub.signals.filter((signal) => signal.type === 'typing');
    expect(typing()).toEqual([{ type: 'typing', payload: { room: PAGE_ROOM } }]);
    vi.advanceTimersByTime(1);
    models.room.setDraft('hell');
    models.room.setDraft('');
    expect(typing()).toHaveLength(2);
  });
});

describe('catching up and going back', () => {
  const page = (messages: TextEnvelope[], hasMore: boolean) => ({
    ok: true as const,
    messages: messages.map(folded),
    hasMore,
  });

  it('after a gap, fetches everything after the last message seen, page by page', async () => {
    const { hub, models } = setupPanel();
    const seen = chat(BOB, 'seen');
    await enterRoom(hub, { history: [seen] });
    hub.push('connection:state', { status: 'reconnecting', attempt: 1 });
    const [missedA, missedB, newest] = [chat(BOB, 'missed a'), chat(BOB, 'missed b'), chat(BOB, 'newest')];
    // Something sent after the reconnect may arrive before the snapshot: it does not hide the gap.
    hub.push('message:posted', newest);
    hub.push('room:snapshot', { room: PAGE_ROOM, snapshot: joined(ALICE, [ALICE, BOB], [newest]) });
    const first = hub.next('room:history');
    expect(first.payload).toEqual({ room: PAGE_ROOM, after: seen.id });
    await first.answer(page([missedA], true));
    const second = hub.next('room:history');
    expect(second.payload).toEqual({ room: PAGE_ROOM, after: missedA.id });
    await second.answer(page([missedB, newest], false));
    expect(models.room.messages.value).toEqual([seen, missedA, missedB, newest].map(folded));
    expect(hub.requestsOf('room:history')).toHaveLength(2);
  });

  it('fetches nothing when the snapshot reaches back to the last message seen', async () => {
    const { hub, models } = setupPanel();
    const seen = chat(BOB, 'seen');
    await enterRoom(hub, { history: [seen] });
    hub.reconnect();
    const after = chat(BOB, 'after');
    await hub.next('room:watch').answer(joined(ALICE, [ALICE, BOB], [seen, after]));
    expect(hub.requestsOf('room:history')).toEqual([]);
    expect(models.room.messages.value).toEqual([seen, after].map(folded));
  });

  it('catches up a room it looked away from when it comes back to it', async () => {
    const { hub, models } = setupPanel();
    const seen = chat(BOB, 'seen');
    await enterRoom(hub, { history: [seen] });
    models.room.setScope('site');
    await hub.next('room:watch').answer(joined(ALICE, [ALICE]));
    models.room.setScope('page');
    const [missed, newest] = [chat(BOB, 'missed'), chat(BOB, 'newest')];
    await hub.next('room:watch').answer(joined(ALICE, [ALICE, BOB], [newest]));
    const catchUp = hub.next('room:history');
    expect(catchUp.payload).toEqual({ room: PAGE_ROOM, after: seen.id });
    await catchUp.answer(page([missed, newest], false));
    expect(models.room.messages.value).toEqual([seen, missed, newest].map(folded));
  });

  it('keeps the gap when the catch-up fails, and tries again after the next snapshot', async () => {
    const { hub, models } = setupPanel();
    const seen = chat(BOB, 'seen');
    await enterRoom(hub, { history: [seen] });
    hub.push('connection:state', { status: 'reconnecting', attempt: 1 });
    const [missed, newest] = [chat(BOB, 'missed'), chat(BOB, 'newest')];
    hub.push('room:snapshot', { room: PAGE_ROOM, snapshot: joined(ALICE, [ALICE, BOB], [newest]) });
    await hub.next('room:history').answer({ ok: false, error: { code: 'unavailable', message: 'down' } });
    hub.push('room:snapshot', { room: PAGE_ROOM, snapshot: joined(ALICE, [ALICE, BOB], [newest]) });
    const retry = hub.next('room:history');
    expect(retry.payload).toEqual({ room: PAGE_ROOM, after: seen.id });
    await retry.answer(page([missed, newest], false));
    expect(models.room.messages.value).toEqual([seen, missed, newest].map(folded));
  });

  it('asks again for a catch-up page refused for the history budget once the wait is over', async () => {
    vi.useFakeTimers();
    const { hub, models } = setupPanel();
    const seen = chat(BOB, 'seen');
    await enterRoom(hub, { history: [seen] });
    hub.push('connection:state', { status: 'reconnecting', attempt: 1 });
    const [missed, newest] = [chat(BOB, 'missed'), chat(BOB, 'newest')];
    hub.push('room:snapshot', { room: PAGE_ROOM, snapshot: joined(ALICE, [ALICE, BOB], [newest]) });
    await hub.next('room:history').answer(rateLimited('history', 'too many history pages', 2000));
    await vi.advanceTimersByTimeAsync(1999);
    expect(hub.requestsOf('room:history')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    const retry = hub.next('room:history');
    expect(retry.payload).toEqual({ room: PAGE_ROOM, after: seen.id });
    await retry.answer(page([missed, newest], false));
    expect(models.room.messages.value).toEqual([seen, missed, newest].map(folded));
  });

  it('loads older messages page by page, and says when it reached the beginning', async () => {
    const { hub, models } = setupPanel();
    const [oldest, older, shown] = [chat(BOB, 'oldest'), chat(BOB, 'older'), chat(BOB, 'shown')];
    const history = fullHistory(shown);
    await enterRoom(hub, { history });
    expect(models.room.older.value).toBe('more');
    models.room.loadOlder();
    models.room.loadOlder();
    expect(models.room.older.value).toBe('loading');
    const first = hub.next('room:history');
    expect(first.payload).toEqual({ room: PAGE_ROOM, before: shown.id });
    expect(hub.requestsOf('room:history')).toHaveLength(1);
    await first.answer(page([older], true));
    expect(models.room.older.value).toBe('more');
    models.room.loadOlder();
    const second = hub.next('room:history');
    expect(second.payload).toEqual({ room: PAGE_ROOM, before: older.id });
    await second.answer(page([oldest], false));
    expect(models.room.older.value).toBe('start');
    expect(models.room.messages.value).toEqual([oldest, older, ...history].map(folded));
    models.room.loadOlder();
    expect(hub.requestsOf('room:history')).toHaveLength(2);
  });

  it('shows the sends the hub holds for the room as pending, and asks for their outcome', async () => {
    const { hub, models } = setupPanel();
    hub.push('page:context', pageContext());
    const since = Date.UTC(2025, 0, 1);
    hub.push('outbox:pending', {
      room: PAGE_ROOM,
      sends: [
        { room: PAGE_ROOM, clientId: 'held-message', kind: 'text', body: { text: 'held' }, since },
        { room: PAGE_ROOM, clientId: 'held-dm-0001', kind: 'text', body: { text: 'for Bob' }, to: BOB.id, since },
      ],
    });
    expect(models.room.outbox.value).toEqual([
      { clientId: 'held-message', kind: 'text', body: { text: 'held' }, at: since, state: 'pending' },
    ]);
    const asked = hub.next('message:post');
    expect(asked.payload).toEqual({ room: PAGE_ROOM, clientId: 'held-message', kind: 'text', body: { text: 'held' } });
    await hub.next('room:watch').answer(joined(ALICE, [ALICE, BOB]));
    const accepted = chat(ALICE, 'held', { clientId: 'held-message' });
    await asked.answer({ ok: true, message: accepted });
    expect(models.room.outbox.value).toEqual([]);
    expect(models.room.messages.value).toEqual([accepted].map(folded));
  });
});
