import { describe, expect, it } from 'vitest';
import { ClientEvent } from '../../protocol/index.ts';
import type { PageContext } from '../lib/domain.ts';
import { eventually, events, newRoom, post, sleep, textPost, textsOf, useHubHarness } from '../testing/hub-harness.ts';
import { startRelay } from '../testing/relay.ts';
import { ensureProfile, relayToken } from './identity.ts';
import { writeTabContext } from './tab-contexts.ts';

const harness = useHubHarness();
const { createHub, panel, observer } = harness;

describe('room hub', () => {
  it('joins a room once however many panels watch it, and leaves after the last one', async () => {
    const room = newRoom();
    const other = await observer(room);
    const presence = events(other, 'presence:update');
    const hub = createHub();
    const [a, b] = [panel(hub), panel(hub)];

    const first = await a.request('room:watch', { room });
    const second = await b.request('room:watch', { room });
    expect(first.ok && second.ok && first.self.id === second.self.id).toBe(true);
    expect(second.ok && second.memberCount).toBe(2);
    await eventually(() => expect(presence.filter((p) => p.joined)).toHaveLength(1));

    await a.request('room:unwatch', { room });
    await sleep(100);
    expect(presence.filter((p) => p.left)).toEqual([]);

    b.disconnect();
    await eventually(() => expect(presence.filter((p) => p.left)).toHaveLength(1));
  });

  it('does not stay in a room whose panel stopped watching it before the join was answered', async () => {
    const room = newRoom();
    const other = await observer(room);
    const hub = createHub();
    const a = panel(hub);

    const watching = a.request('room:watch', { room });
    await a.request('room:unwatch', { room });
    await watching;
    await sleep(100);
    const snapshot = await other.emitWithAck(ClientEvent.RoomJoin, { room });
    expect(snapshot.ok && snapshot.memberCount).toBe(1);
  });

  it('routes server events to the panels of their room only', async () => {
    const [roomA, roomB] = [newRoom(), newRoom()];
    const hub = createHub();
    const [inA, inB] = [panel(hub), panel(hub)];
    await inA.request('room:watch', { room: roomA });
    await inB.request('room:watch', { room: roomB });
    const speaker = await observer(roomA, 'Speaker');
    const sent = await post(speaker, textPost(roomA, 'abcdefgh1', 'hello A'));
    const message = await inA.waitFor('message:posted');
    expect(message).toEqual(sent);
    expect(message).toMatchObject({ room: roomA, kind: 'text', body: { text: 'hello A' }, from: { name: 'Speaker' } });
    await sleep(100);
    expect(inB.pushes('message:posted')).toEqual([]);
    expect(inB.pushes('presence:update').every((update) => update.room === roomB)).toBe(true);
  });

  it("gives a panel's own sends to the other panels of the room, which the server does not echo", async () => {
    const room = newRoom();
    const hub = createHub();
    const [sender, sibling] = [panel(hub), panel(hub)];
    await sender.request('room:watch', { room });
    await sibling.request('room:watch', { room });
    const other = await observer(room);
    const atOther = events(other, 'message:posted');

    const answer = await sender.request('message:post', textPost(room, 'clientid01', 'from a panel'));
    expect(answer.ok).toBe(true);
    expect(await sibling.waitFor('message:posted')).toEqual(answer.ok && answer.message);
    await eventually(() => expect(atOther).toEqual([answer.ok && answer.message]));
    expect(sender.pushes('message:posted')).toEqual([]);
  });

  it('relays a DM to every panel of this person, whatever room it shows (the conversation may be open anywhere)', async () => {
    const [room, elsewhere] = [newRoom(), newRoom()];
    const hub = createHub();
    const [viewer, away] = [panel(hub), panel(hub)];
    const watch = await viewer.request('room:watch', { room });
    await away.request('room:watch', { room: elsewhere });
    if (!watch.ok) throw new Error('watch failed');
    const other = await harness.peer(room, 'Dee');
    await other.post(textPost(room, 'dmclient1', 'psst', { to: watch.self.id }));
    expect(await viewer.waitFor('message:posted')).toMatchObject({
      kind: 'text',
      body: { text: 'psst' },
      to: watch.self.id,
      from: { name: 'Dee' },
    });
    expect(await away.waitFor('message:posted')).toMatchObject({ body: { text: 'psst' }, to: watch.self.id });
  });

  it('relays the texts of a user still on protocol v1 as envelopes; their DMs, not sealed, never reach it', async () => {
    const room = newRoom();
    const p = panel(createHub());
    const watch = await p.request('room:watch', { room });
    if (!watch.ok) throw new Error('watch failed');
    const old = await harness.v1Observer(room, 'Old');
    // The relay refuses a plain DM to someone on v3 (v1 reads its `undeliverable` as not_here).
    const dm = await old.emitWithAck(ClientEvent.DmSend, {
      room,
      to: watch.self.id,
      clientId: 'v1client2',
      text: 'dm',
    });
    expect(dm).toMatchObject({ ok: false, error: { code: 'not_here' } });
    await old.emitWithAck(ClientEvent.MessageSend, { room, clientId: 'v1client1', text: 'from v1' });
    await p.waitFor('message:posted');
    expect(p.pushes('message:posted')).toMatchObject([{ kind: 'text', clientId: 'v1client1', from: { name: 'Old' } }]);
  });

  it('joins every watched room again after a reconnect and pushes fresh snapshots', async () => {
    const [roomA, roomB] = [newRoom(), newRoom()];
    const hub = createHub();
    const p = panel(hub);
    await p.request('room:watch', { room: roomA });
    await p.request('room:watch', { room: roomB });
    harness.relay.kick();
    await p.waitFor('connection:state', (state) => state.status === 'reconnecting');
    const snapshotA = await p.waitFor('room:snapshot', (s) => s.room === roomA);
    const snapshotB = await p.waitFor('room:snapshot', (s) => s.room === roomB);
    expect(snapshotA.snapshot.ok && snapshotA.snapshot.memberCount).toBe(1);
    expect(snapshotB.snapshot.ok).toBe(true);
    expect(p.pushes('connection:state').at(-1)).toEqual({ status: 'connected' });
    const speaker = await observer(roomA);
    await post(speaker, textPost(roomA, 'afterkick1', 'still here?'));
    expect(textsOf([await p.waitFor('message:posted')])).toEqual(['still here?']);
  });

  it('restores a tab context after the worker restarts, and panels resync by watching again', async () => {
    const room = newRoom();
    const context: PageContext = {
      status: 'ok',
      title: 'A page',
      page: { key: room, label: 'https://example.com/a' },
      site: { key: newRoom(), label: 'https://example.com' },
    };
    await writeTabContext(7, context);
    const before = createHub();
    const old = panel(before, 7);
    expect(await old.waitFor('page:context')).toEqual(context);
    await old.request('room:watch', { room });
    const other = await observer(room);
    const presence = events(other, 'presence:update');

    before.dispose(); // what Chrome's stop does: the socket and the ports are gone
    old.disconnect();
    await eventually(() => expect(presence.filter((u) => u.left)).toHaveLength(1));

    const after = createHub();
    const again = panel(after, 7);
    expect(await again.waitFor('page:context')).toEqual(context);
    const snapshot = await again.request('room:watch', { room });
    expect(snapshot.ok && snapshot.memberCount).toBe(2);
    await eventually(() => expect(presence.filter((u) => u.joined)).toHaveLength(1));
  });

  it('renames through the server, saves the name and tells every panel', async () => {
    const room = newRoom();
    const hub = createHub();
    const [a, b] = [panel(hub), panel(hub)];
    await a.request('room:watch', { room });
    const other = await observer(room);
    const presence = events(other, 'presence:update');
    const answer = await b.request('profile:rename', { name: '  Zed ' });
    expect(answer).toEqual({ ok: true, profile: { name: 'Zed', named: true } });
    expect(await a.waitFor('profile:update', (p) => p.name === 'Zed')).toEqual({ name: 'Zed', named: true });
    expect(await ensureProfile()).toEqual({ name: 'Zed', named: true });
    await eventually(() => expect(presence.some((u) => u.renamed?.name === 'Zed')).toBe(true));
    expect(await b.request('profile:rename', { name: 'bad\u202ename' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
  });

  it('closes the panel of the requesting tab through the content script', async () => {
    const closed: number[] = [];
    const hub = createHub({ closePanel: async (tabId) => void closed.push(tabId) });
    const inTab = panel(hub, 42);
    expect(await inTab.request('panel:close', {})).toEqual({ ok: true });
    expect(closed).toEqual([42]);
    expect(await panel(hub).request('panel:close', {})).toMatchObject({ ok: false });
  });

  it('collapses the panel of the requesting tab through the content script, and refuses a pop-out', async () => {
    const collapsed: number[] = [];
    const hub = createHub({ collapsePanel: async (tabId) => void collapsed.push(tabId) });
    expect(await panel(hub, 42).request('panel:collapse', {})).toEqual({ ok: true });
    expect(collapsed).toEqual([42]);
    expect(await panel(hub).request('panel:collapse', {})).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(collapsed).toEqual([42]);
  });

  it('answers unavailable, not never, when the server cannot be reached', async () => {
    const gone = await startRelay();
    await gone.close();
    const hub = createHub({
      credentials: async () => ({ url: gone.url, token: await relayToken(gone.url), name: 'Nobody' }),
      requestTimeoutMs: 300,
      sendGiveUpMs: 500,
      maxAttempts: 1,
    });
    const p = panel(hub);
    const room = newRoom();
    expect(await p.request('room:watch', { room })).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    const sent = await p.request('message:post', textPost(room, 'offline01', 'hello?'));
    expect(sent).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    await p.waitFor('connection:state', (state) => state.status === 'offline');
  });

  it('forwards room:history for a room it watches', async () => {
    const room = newRoom();
    const speaker = await observer(room, 'Speaker');
    for (const text of ['one', 'two', 'three']) await post(speaker, textPost(room, `history-${text}`, text));
    const p = panel(createHub());
    const watch = await p.request('room:watch', { room });
    const first = watch.ok ? watch.history[0] : undefined;
    const answer = await p.request('room:history', { room, after: first?.id ?? '' });
    expect(answer).toMatchObject({ ok: true, hasMore: false });
    expect(answer.ok && answer.messages.map((message) => message.body)).toEqual([{ text: 'two' }, { text: 'three' }]);
  });

  it('keeps the DMs it relays and accepts, for a panel of a later worker to load', async () => {
    const room = newRoom();
    const dee = await harness.peer(room, 'Dee');
    const before = createHub();
    const old = panel(before);
    const watch = await old.request('room:watch', { room });
    if (!watch.ok) throw new Error('watch failed');
    const deeId = watch.members.find((member) => member.name === 'Dee')?.id ?? '';
    const psst = await dee.post(textPost(room, 'dee-to-me-1', 'psst', { to: watch.self.id }));
    await old.waitFor('message:posted');
    const reply = await old.request('message:post', textPost(room, 'me-to-dee-1', 'yes?', { to: deeId }));
    expect(reply.ok).toBe(true);
    const like = await old.request('message:post', {
      room,
      clientId: 'me-to-dee-2',
      to: deeId,
      kind: 'reaction',
      body: { target: psst.id, emoji: '👍', on: true },
    });
    const edit = await dee.post({
      room,
      clientId: 'dee-to-me-2',
      to: watch.self.id,
      kind: 'edit',
      body: { target: psst.id, text: 'psst!' },
    });
    await old.waitFor('message:posted', (envelope) => envelope.kind === 'edit');
    before.dispose();
    old.disconnect();

    const kept = await panel(createHub()).request('dm:archive', { room });
    expect(kept.envelopes).toEqual([psst, reply.ok && reply.message, like.ok && like.message, edit]);
    expect(kept.envelopes.map((envelope) => envelope.kind)).toEqual(['text', 'text', 'reaction', 'edit']);
    expect((await panel(createHub()).request('dm:archive', { room: newRoom() })).envelopes).toEqual([]);
  });
});
