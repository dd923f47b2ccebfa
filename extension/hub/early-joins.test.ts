import { describe, expect, it } from 'vitest';
import { ClientEvent, type RoomKey } from '../../protocol/index.ts';
import type { PageContext } from '../lib/domain.ts';
import { eventually, events, newRoom, post, textPost, useHubHarness } from '../testing/hub-harness.ts';

const harness = useHubHarness();
const { createHub, panel, observer } = harness;

function pageIn(room: RoomKey): PageContext {
  return {
    status: 'ok',
    title: 'A page',
    page: { key: room, label: 'https://example.com/a' },
    site: { key: newRoom(), label: 'https://example.com' },
  };
}

describe('joining a page room before its panel asks', () => {
  it('connects on the toolbar click, before any panel', async () => {
    // The harness's 50 ms linger would close the socket before a slow connect completes.
    const hub = createHub({ lingerMs: 10_000 });
    hub.warmUp();
    await eventually(() => expect(hub.connectionState).toEqual({ status: 'connected' }));
  });

  it("joins the room the page reports, and the tab's panel gets that answer without joining again", async () => {
    const room = newRoom();
    const other = await observer(room);
    const presence = events(other, 'presence:update');
    const joinsBefore = harness.relay.received(ClientEvent.RoomJoin);
    const hub = createHub();

    hub.pageChanged(3, pageIn(room));
    await eventually(() => expect(presence.filter((update) => update.joined)).toHaveLength(1));
    const p = panel(hub, 3);
    const answer = await p.request('room:watch', { room });

    expect(answer.ok && answer.memberCount).toBe(2);
    expect(harness.relay.received(ClientEvent.RoomJoin) - joinsBefore).toBe(1);
    const sent = await p.request('message:post', textPost(room, 'early-send-1', 'hi'));
    expect(sent.ok).toBe(true);
  });

  it('joins again when something happened in the room since the early answer', async () => {
    const room = newRoom();
    const hub = createHub();
    hub.pageChanged(4, pageIn(room));
    await eventually(() => expect(hub.connectionState).toEqual({ status: 'connected' }));
    const speaker = await observer(room, 'Speaker');
    await post(speaker, textPost(room, 'meanwhile1', 'meanwhile'));

    const answer = await panel(hub, 4).request('room:watch', { room });
    expect(answer.ok && answer.history.map((message) => message.body)).toEqual([{ text: 'meanwhile' }]);
    expect(answer.ok && answer.memberCount).toBe(2);
  });

  it('leaves a room joined early when no panel comes to watch it', async () => {
    const room = newRoom();
    const other = await observer(room);
    const presence = events(other, 'presence:update');
    const hub = createHub({ earlyJoinClaimMs: 100 });

    hub.pageChanged(5, pageIn(room));
    await eventually(() => expect(presence.filter((update) => update.joined)).toHaveLength(1));
    await eventually(() => expect(presence.filter((update) => update.left)).toHaveLength(1));
  });

  it('does not join early for a tab whose panel is open (in-page navigation)', async () => {
    const [first, second] = [newRoom(), newRoom()];
    const hub = createHub();
    const p = panel(hub, 6);
    hub.pageChanged(6, pageIn(first));
    await p.request('room:watch', { room: first });
    const joinsBefore = harness.relay.received(ClientEvent.RoomJoin);

    hub.pageChanged(6, pageIn(second));
    // A request on the same socket: the server has seen any join the report started before it.
    await p.request('room:history', { room: first });
    expect(harness.relay.received(ClientEvent.RoomJoin) - joinsBefore).toBe(0);
    expect(p.pushes('page:context').at(-1)).toMatchObject({ page: { key: second } });
  });
});
