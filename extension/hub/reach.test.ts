import { describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { ClientEvent, type Member } from '../../protocol/index.ts';
import type { Conversation } from '../lib/domain.ts';
import { StorageKeys, writeStored } from '../lib/storage-keys.ts';
import {
  eventually,
  events,
  newRoom,
  post,
  sleep,
  textPost,
  useHubHarness,
  type Observer,
} from '../testing/hub-harness.ts';
import type { TestPanel } from '../testing/panel-pair.ts';
import type { BadgeSurface } from './badge-surface.ts';
import type { Hub } from './hub.ts';
import { KEEP_ALIVE_ALARM, keepAlive } from './keep-alive.ts';
import type { NotificationSurface } from './notifications.ts';

const harness = useHubHarness();
const { createHub, panel, observer } = harness;

const keyOf = (room: string, a: string, b: string): string => `${room}:${[a, b].sort().join(':')}`;

/** The latest inbox a panel was given. */
function latestInbox(p: TestPanel): Conversation[] | undefined {
  return p.pushes('inbox:update').at(-1)?.conversations;
}

/**
 * A hub whose panel watched `room` with another user in it, and who exchanged a DM with them
 * there, so the relay holds the pair's conversation grant; then the panel closed.
 */
async function afterAConversation(hub: Hub, room: string, peerName = 'Dee') {
  const other = await harness.peer(room, peerName);
  const p = panel(hub, 7);
  const watch = await p.request('room:watch', { room });
  if (!watch.ok) throw new Error('watch failed');
  const self: Member = watch.self;
  const key = keyOf(room, self.id, other.self.id);
  p.view({ room, conversation: key, visible: true });
  await eventually(() => expect(other.knows(self.id)).toBe(true));
  await other.post(textPost(room, 'dmfirst01', 'hello', { to: self.id }));
  // Open as it arrives, the first DM is not a message request (issue #14): the person chose to talk.
  await eventually(() => expect(latestInbox(p)?.[0]).toMatchObject({ key, unread: 0 }));
  expect(latestInbox(p)?.[0]).not.toHaveProperty('request');
  const presence = events(other.socket, 'presence:update');
  p.disconnect();
  await eventually(() => expect(presence.some((update) => update.left === self.id)).toBe(true));
  return { other, self, peer: other.self, key };
}

function badgeRecorder() {
  const global: string[] = [];
  const perTab = new Map<number, Array<string | null>>();
  const badge: BadgeSurface = {
    setText: async (text, tabId) => {
      if (tabId === undefined) global.push(text ?? '');
      else perTab.set(tabId, [...(perTab.get(tabId) ?? []), text]);
    },
  };
  return { badge, global, perTab };
}

function notificationRecorder(permitted: boolean) {
  const shown: Array<{ id: string; title: string; message: string }> = [];
  const notifications: NotificationSurface = {
    permitted: async () => permitted,
    show: async (id, title, message) => void shown.push({ id, title, message }),
  };
  return { notifications, shown };
}

describe('staying reachable', () => {
  it('keeps the connection, with no room joined, after the last panel goes', async () => {
    const room = newRoom();
    const other = await observer(room);
    const presence = events(other, 'presence:update');
    const hub = createHub();
    const p = panel(hub);
    await p.request('room:watch', { room });
    expect(harness.relay.connections()).toBe(2);
    p.disconnect();
    await eventually(() => expect(presence.some((update) => update.left)).toBe(true));
    await sleep(300); // well past the 50 ms linger
    expect(harness.relay.connections()).toBe(2);

    await writeStored(StorageKeys.stayConnected, false);
    await hub.stayConnectedChanged();
    await eventually(() => expect(harness.relay.connections()).toBe(1));
    await writeStored(StorageKeys.stayConnected, true);
    await hub.stayConnectedChanged();
    await eventually(() => expect(harness.relay.connections()).toBe(2));
  });

  it('closes after the last panel when the setting is off', async () => {
    await writeStored(StorageKeys.stayConnected, false);
    const hub = createHub();
    const p = panel(hub);
    await p.request('room:watch', { room: newRoom() });
    expect(harness.relay.connections()).toBe(1);
    p.disconnect();
    await eventually(() => expect(harness.relay.connections()).toBe(0));
  });

  it('connects when the worker starts only for a browser that has used samepage', async () => {
    const hub = createHub();
    await hub.idle();
    await sleep(200);
    expect(harness.relay.connections()).toBe(0);
    await browser.storage.local.set({ token: 'a'.repeat(43) });
    await hub.idle();
    await eventually(() => expect(harness.relay.connections()).toBe(1));
  });

  it('keeps an alarm that wakes a stopped worker while the setting is on', async () => {
    await keepAlive(true);
    expect(await browser.alarms.get(KEEP_ALIVE_ALARM)).toMatchObject({ periodInMinutes: 1 });
    await keepAlive(false);
    expect(await browser.alarms.get(KEEP_ALIVE_ALARM)).toBeUndefined();
  });
});

describe('the inbox', () => {
  it('counts a DM that arrives with no panel open, keeps the count across workers, and clears it when read', async () => {
    const room = newRoom();
    const { badge, global } = badgeRecorder();
    const hub = createHub({ badge });
    const { other, self, peer, key } = await afterAConversation(hub, room);

    // The relay takes it on the pair's grant: neither panel nor room is open here.
    await other.post(textPost(room, 'dmlater01', 'still there?', { to: self.id }));
    await eventually(() => expect(global.at(-1)).toBe('1'));
    hub.dispose();

    const next = createHub();
    const reopened = panel(next);
    const conversation = (await reopened.waitFor('inbox:update')).conversations[0];
    expect(conversation).toMatchObject({
      key,
      room,
      peer: { id: peer.id, name: 'Dee' },
      last: { from: peer.id, preview: 'still there?' },
      unread: 1,
    });
    expect(await reopened.request('inbox:read', { key })).toEqual({ ok: true });
    await eventually(() => expect(latestInbox(reopened)?.[0]?.unread).toBe(0));
  });

  it('sends a DM in a room no panel watches, once connected, and to a person whose browser is closed', async () => {
    const room = newRoom();
    const hub = createHub();
    const { other, peer, key } = await afterAConversation(hub, room);
    const atOther = events(other.socket, 'message:posted');

    const elsewhere = panel(hub, 9);
    await elsewhere.request('room:watch', { room: newRoom() });
    const answer = await elsewhere.request('message:post', textPost(room, 'dmback001', 'yes, here', { to: peer.id }));
    expect(answer.ok).toBe(true);
    await eventually(() => expect(atOther.map((message) => message.clientId)).toEqual(['dmback001']));
    await eventually(() =>
      expect(latestInbox(elsewhere)?.[0]).toMatchObject({ key, unread: 0, last: { preview: 'yes, here' } }),
    );

    // Issue #15: the relay keeps a sealed DM for a person whose browser is closed.
    other.socket.disconnect();
    await sleep(100);
    const offline = await elsewhere.request('message:post', textPost(room, 'dmback002', 'hello?', { to: peer.id }));
    expect(offline).toMatchObject({ ok: true, delivery: 'waiting' });
  });

  it('refuses a DM to someone this device never saw a key of, sending nothing', async () => {
    const hub = createHub();
    const p = panel(hub);
    await p.request('room:watch', { room: newRoom() });
    const stranger: Observer = await observer(newRoom(), 'Stranger');
    const strangerId = ((await stranger.emitWithAck(ClientEvent.RoomJoin, { room: newRoom() })) as { self: Member })
      .self.id;
    const answer = await p.request('message:post', textPost(newRoom(), 'dmstrange', 'hi', { to: strangerId }));
    expect(answer.ok || answer.error.code).toBe('undeliverable');
    expect(harness.relay.received(ClientEvent.MessagePost)).toBe(0);
  });
});

describe('badge and notifications', () => {
  it("counts mentions everywhere and a collapsed panel's room on its tab, until the room is shown", async () => {
    const room = newRoom();
    const { badge, global, perTab } = badgeRecorder();
    const hub = createHub({ badge });
    const p = panel(hub, 7);
    const watch = await p.request('room:watch', { room });
    if (!watch.ok) throw new Error('watch failed');
    p.view({ room, conversation: null, visible: false });
    const other = await observer(room, 'Eve');
    await post(other, textPost(room, 'roommsg01', 'hello all'));
    await post(other, textPost(room, 'roommsg02', 'hey you', { mentions: [watch.self.id] }));
    await eventually(() => expect(global.at(-1)).toBe('1'));
    await eventually(() => expect(perTab.get(7)?.at(-1)).toBe('2'));

    await hub.tabUpdated(7);
    expect(perTab.get(7)?.slice(-2)).toEqual(['2', '2']);

    p.view({ room, conversation: null, visible: true });
    await eventually(() => expect(global.at(-1)).toBe(''));
    await eventually(() => expect(perTab.get(7)?.at(-1)).toBe(null));
  });

  it('does not count room messages while the room is shown', async () => {
    const room = newRoom();
    const { badge, global } = badgeRecorder();
    const hub = createHub({ badge });
    const p = panel(hub, 7);
    const watch = await p.request('room:watch', { room });
    if (!watch.ok) throw new Error('watch failed');
    p.view({ room, conversation: null, visible: true });
    const other = await observer(room, 'Eve');
    await post(other, textPost(room, 'roommsg03', 'hey you', { mentions: [watch.self.id] }));
    await p.waitFor('message:posted');
    await sleep(100);
    expect(global.filter((text) => text !== '')).toEqual([]);
  });

  it('notifies a DM not in view when permitted and not in do-not-disturb, with the name and the line', async () => {
    const room = newRoom();
    const { notifications, shown } = notificationRecorder(true);
    const hub = createHub({ notifications });
    const { other, self } = await afterAConversation(hub, room, 'Fay');
    expect(shown).toEqual([]); // the first DM was in view

    await other.post(textPost(room, 'dmnote001', 'ping', { to: self.id }));
    await eventually(() => expect(shown).toMatchObject([{ title: 'Fay', message: 'ping' }]));

    await writeStored(StorageKeys.doNotDisturb, true);
    await other.post(textPost(room, 'dmnote002', 'ping again', { to: self.id }));
    await sleep(200);
    expect(shown).toHaveLength(1);
  });

  it('keeps a message request quiet (no notification, no badge) unless asked to notify them', async () => {
    const room = newRoom();
    const { notifications, shown } = notificationRecorder(true);
    const { badge, global } = badgeRecorder();
    const hub = createHub({ notifications, badge });
    const stranger = await harness.peer(room, 'Gil');
    const p = panel(hub, 7);
    const watch = await p.request('room:watch', { room });
    if (!watch.ok) throw new Error('watch failed');
    await eventually(() => expect(stranger.knows(watch.self.id)).toBe(true));
    await stranger.post(textPost(room, 'dmreq0001', 'hello, stranger here', { to: watch.self.id }));
    await eventually(() => expect(latestInbox(p)?.[0]).toMatchObject({ request: true, unread: 1 }));
    await sleep(200);
    expect(shown).toEqual([]);
    expect(global.filter((text) => text !== '')).toEqual([]);

    await writeStored(StorageKeys.notifyRequests, true);
    await stranger.post(textPost(room, 'dmreq0002', 'hello again', { to: watch.self.id }));
    await eventually(() => expect(shown).toMatchObject([{ title: 'Gil', message: 'hello again' }]));
    await eventually(() => expect(global.at(-1)).toBe('2'));
  });

  it('declines a message request: it goes from the inbox and from the archive', async () => {
    const room = newRoom();
    const hub = createHub();
    const stranger = await harness.peer(room, 'Hal');
    const p = panel(hub, 7);
    const watch = await p.request('room:watch', { room });
    if (!watch.ok) throw new Error('watch failed');
    const joined = stranger;
    await eventually(() => expect(stranger.knows(watch.self.id)).toBe(true));
    await stranger.post(textPost(room, 'dmreq0003', 'spam', { to: watch.self.id }));
    await eventually(() => expect(latestInbox(p)?.[0]).toMatchObject({ request: true }));
    await eventually(async () => expect(await p.request('dm:archive', { room })).toMatchObject({ envelopes: [{}] }));
    const key = keyOf(room, watch.self.id, joined.self.id);
    expect(await p.request('inbox:decline', { key })).toEqual({ ok: true });
    await eventually(() => expect(latestInbox(p)).toEqual([]));
    expect(await p.request('dm:archive', { room })).toEqual({ ok: true, envelopes: [], deliveries: {} });
  });

  it('does not notify without the permission', async () => {
    const room = newRoom();
    const { notifications, shown } = notificationRecorder(false);
    const hub = createHub({ notifications });
    const { other, self } = await afterAConversation(hub, room);
    await other.post(textPost(room, 'dmnote003', 'ping', { to: self.id }));
    const later = panel(hub);
    await eventually(() => expect(latestInbox(later)?.[0]?.unread).toBe(1));
    expect(shown).toEqual([]);
  });
});
