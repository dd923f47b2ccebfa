import { afterEach, describe, expect, it } from 'vitest';
import { ClientEvent, type Envelope, type Member } from '../../protocol/index.ts';
import { events, eventually, newRoom, textPost, textsOf, useHubHarness } from '../testing/hub-harness.ts';
import { connectSealedPeer, type SealedPeer } from '../testing/sealed-peer.ts';
import { roomKeyPair } from '../lib/e2e/keys.ts';
import { safetyNumber } from '../lib/e2e/safety-number.ts';
import { ensureInstallKeys } from './identity.ts';
import { keysOf } from '../testing/install-keys.ts';

const harness = useHubHarness();
const { createHub, panel, observer } = harness;
const peers: SealedPeer[] = [];

afterEach(() => {
  for (const peer of peers.splice(0)) peer.socket.disconnect();
});

async function peer(room: string, name: string, secret?: string): Promise<SealedPeer> {
  const connected = await connectSealedPeer(harness.relay.url, room, name, secret);
  peers.push(connected);
  return connected;
}

/** A hub with a panel in `room`, and who the hub is there, key included. */
async function hubIn(room: string) {
  const hub = createHub();
  const p = panel(hub);
  const joined = await p.request('room:watch', { room });
  if (!joined.ok) throw new Error(joined.error.message);
  return { hub, p, self: joined.self as Member & { key: string } };
}

const keyed = (member: Member): Member & { key: string } => {
  if (member.key === undefined) throw new Error(`${member.name} has no key`);
  return member as Member & { key: string };
};

describe('sealed DMs through the hub (issue #15)', () => {
  it('publishes the room key derived from the install secret with its join', async () => {
    const room = newRoom();
    const { self } = await hubIn(room);
    const expected = await roomKeyPair(await ensureInstallKeys(), harness.relay.url, room);
    expect(self.key).toBe(expected.publicKey);

    const bob = await peer(room, 'Bob');
    const elsewhere = newRoom();
    await peer(elsewhere, 'Bob elsewhere');
    expect(bob.keys.publicKey).not.toBe(self.key);
    expect((await roomKeyPair(await ensureInstallKeys(), harness.relay.url, elsewhere)).publicKey).not.toBe(self.key);
  });

  it('seals a DM to the peer’s key: the relay carries ciphertext only, the peer reads it, the panel gets it plain', async () => {
    const room = newRoom();
    const bob = await peer(room, 'Bob');
    const { p, self } = await hubIn(room);
    const atBob = events(bob.socket, 'message:posted');

    const answer = await p.request(
      'message:post',
      textPost(room, 'sealed001', 'my phone is 555-0100', { to: bob.self.id }),
    );
    expect(answer.ok && answer.message).toMatchObject({ kind: 'text', body: { text: 'my phone is 555-0100' } });
    expect(answer.ok && answer.delivery).toBe('sent');

    await eventually(() => expect(atBob).toHaveLength(1));
    const [wire] = atBob as [Envelope];
    expect(wire.kind).toBe('sealed');
    expect(JSON.stringify(wire)).not.toContain('555-0100');
    expect(wire.from).toMatchObject({ id: self.id, key: self.key });
    expect(await bob.open(wire)).toEqual({ kind: 'text', body: { text: 'my phone is 555-0100' } });

    // Bob's browser confirms it: the sender's archive and panels hear it was delivered.
    await bob.socket.emitWithAck(ClientEvent.DmReceived, { receipts: [{ room, from: self.id, id: wire.id }] });
    const delivered = await p.waitFor('dm:delivered');
    expect(delivered.ids).toEqual([wire.id]);
    await eventually(async () => {
      const archive = await p.request('dm:archive', { room });
      expect(archive.deliveries).toEqual({ [wire.id]: 'delivered' });
    });
  });

  it('sends a DM the relay took before the worker stopped as the same sealed bytes from the next worker', async () => {
    const room = newRoom();
    const bob = await peer(room, 'Bob');
    const { hub, p } = await hubIn(room);
    const atBob = events(bob.socket, 'message:posted');
    const request = textPost(room, 'reseal001', 'once only', { to: bob.self.id });
    // The relay takes the DM but its answer is lost; Chrome stops the worker before it tries again.
    harness.relay.loseNextAck(ClientEvent.MessagePost);
    void p.request('message:post', request);
    await eventually(() => expect(harness.relay.received(ClientEvent.MessagePost)).toBe(1));
    hub.dispose();
    p.disconnect();

    const again = panel(createHub());
    await again.request('room:watch', { room });
    // Sealed again, it would be another message under a clientId the relay already took.
    const answer = await again.request('message:post', request);
    expect(answer).toMatchObject({ ok: true, message: { clientId: 'reseal001', body: { text: 'once only' } } });
    await eventually(() => expect(atBob).toHaveLength(1));
    expect(await bob.open(atBob[0] as Envelope)).toEqual({ kind: 'text', body: { text: 'once only' } });
  });

  it('opens a sealed DM, shows it plain, keeps it and confirms it to the relay', async () => {
    const room = newRoom();
    const { p, self } = await hubIn(room);
    const bob = await peer(room, 'Bob');
    const deliveredToBob = events(bob.socket, 'dm:delivered');

    const sent = await bob.dm(keyed(self), { kind: 'text', body: { text: 'hello Alice' } }, 'frombob01');
    expect(sent.ok).toBe(true);
    const shown = await p.waitFor('message:posted', (envelope) => envelope.to === self.id);
    expect(shown).toMatchObject({ kind: 'text', body: { text: 'hello Alice' }, from: { id: bob.self.id } });
    const archive = await p.request('dm:archive', { room });
    expect(archive.envelopes.map((envelope) => envelope.kind)).toEqual(['text']);
    await eventually(() => expect(deliveredToBob).toHaveLength(1));
    expect(sent.ok && deliveredToBob[0]?.ids).toEqual([sent.ok && sent.message.id]);
  });

  it('gives the same safety number on both sides, and keeps the verification the person set', async () => {
    const room = newRoom();
    const { p, self } = await hubIn(room);
    const bob = await peer(room, 'Bob');
    await p.waitFor('presence:update', (update) => update.joined?.id === bob.self.id);
    const key = `${room}:${[self.id, bob.self.id].sort().join(':')}`;

    const trust = await p.request('dm:trust', { key, room, peer: bob.self.id });
    expect(trust).toMatchObject({ mine: self.key, theirs: bob.keys.publicKey, verified: false, older: false });
    expect(trust.safetyNumber).toBe(await safetyNumber(bob.keys.publicKey, keyed(self).key));
    expect(trust.safetyNumber).toMatch(/^(\d{5} ){5}\d{5}$/);

    const stale = await p.request('dm:verify', {
      key,
      room,
      peer: bob.self.id,
      safetyNumber: '00000 00000 00000 00000 00000 00000',
      verified: true,
    });
    expect(stale.ok).toBe(false);
    const verify = { key, room, peer: bob.self.id, safetyNumber: trust.safetyNumber ?? '', verified: true };
    expect(await p.request('dm:verify', verify)).toEqual({ ok: true });
    expect((await p.request('dm:trust', { key, room, peer: bob.self.id })).verified).toBe(true);
    await p.waitFor('dm:trust', (changed) => changed.key === key);
  });

  it('announces a changed key in the conversation and takes it back to unverified', async () => {
    const room = newRoom();
    const { p, self } = await hubIn(room);
    const bob = await peer(room, 'Bob');
    await bob.dm(keyed(self), { kind: 'text', body: { text: 'first' } }, 'keyfirst1');
    await p.waitFor('message:posted');
    const key = `${room}:${[self.id, bob.self.id].sort().join(':')}`;
    const before = await p.request('dm:trust', { key, room, peer: bob.self.id });
    await p.request('dm:verify', {
      key,
      room,
      peer: bob.self.id,
      safetyNumber: before.safetyNumber ?? '',
      verified: true,
    });

    // The same id with another key: what a relay swapping keys (or Bob's new install) looks like.
    const other = await roomKeyPair(await keysOf('another install secret'), harness.relay.url, room);
    // Announced as Bob arrives with it, before anyone asks.
    const announced = p.pushes('dm:trust').length;
    await bob.socket.emitWithAck(ClientEvent.RoomLeave, { room });
    await bob.socket.emitWithAck(ClientEvent.RoomJoin, { room, key: other.publicKey });
    await p.waitFor('presence:update', (update) => update.joined?.key === other.publicKey);
    await eventually(() => expect(p.pushes('dm:trust').length).toBeGreaterThan(announced));

    const after = await p.request('dm:trust', { key, room, peer: bob.self.id });
    expect(after).toMatchObject({ theirs: other.publicKey, verified: false });
    expect(after.safetyNumber).not.toBe(before.safetyNumber);
    expect(after.notices.map((notice) => notice.text)).toEqual([
      expect.stringMatching(/^Bob’s safety number changed\./),
    ]);
  });

  it('takes a join again under another key (told as a rename with the key) as a key change', async () => {
    const room = newRoom();
    const { p, self } = await hubIn(room);
    const bob = await peer(room, 'Bob');
    await bob.dm(keyed(self), { kind: 'text', body: { text: 'first' } }, 'rekey0001');
    await p.waitFor('message:posted');
    const key = `${room}:${[self.id, bob.self.id].sort().join(':')}`;
    const other = await roomKeyPair(await keysOf('yet another install secret'), harness.relay.url, room);
    await bob.socket.emitWithAck(ClientEvent.RoomJoin, { room, key: other.publicKey });
    await p.waitFor('presence:update', (update) => update.renamed?.key === other.publicKey);
    await eventually(async () => {
      const trust = await p.request('dm:trust', { key, room, peer: bob.self.id });
      expect(trust.theirs).toBe(other.publicKey);
      expect(trust.notices).toHaveLength(1);
    });
  });

  it('drops a DM that does not open, with a notice in its conversation, and still confirms it', async () => {
    const room = newRoom();
    const { p, self } = await hubIn(room);
    const bob = await peer(room, 'Bob');
    const deliveredToBob = events(bob.socket, 'dm:delivered');
    const body = await bob.seal(keyed(self), { kind: 'text', body: { text: 'swap me' } }, 'tamper001');
    // Sealed under one clientId, posted under another: the associated data no longer matches.
    const posted = await bob.socket.emitWithAck(ClientEvent.MessagePost, {
      room,
      clientId: 'tamper002',
      to: self.id,
      kind: 'sealed',
      body,
    });
    expect(posted.ok).toBe(true);
    const key = `${room}:${[self.id, bob.self.id].sort().join(':')}`;
    await p.waitFor('dm:trust', (changed) => changed.key === key);
    const trust = await p.request('dm:trust', { key, room, peer: bob.self.id });
    expect(trust.notices.map((notice) => notice.text)).toEqual([
      'A message from Bob could not be decrypted and was dropped: it was changed on the way, or not sealed for you by its sender.',
    ]);
    expect(p.pushes('message:posted')).toEqual([]);
    expect((await p.request('dm:archive', { room })).envelopes).toEqual([]);
    await eventually(() => expect(deliveredToBob).toHaveLength(1));
  });

  it('keeps the key of someone who renamed themselves (a rename names the person, not their key)', async () => {
    const room = newRoom();
    const bob = await peer(room, 'Bob');
    const { p } = await hubIn(room);
    await bob.socket.emitWithAck(ClientEvent.UserRename, { name: 'Bobby' });
    await p.waitFor('presence:update', (update) => update.renamed?.name === 'Bobby');
    const answer = await p.request('message:post', textPost(room, 'renamed01', 'still you?', { to: bob.self.id }));
    expect(answer.ok).toBe(true);
    await eventually(async () => expect(textsOf(await bob.received())).toEqual(['still you?']));
  });

  it('refuses, sending nothing, a DM to someone whose samepage is too old to open it', async () => {
    const room = newRoom();
    const older = await observer(room, 'Olga');
    const { p } = await hubIn(room);
    const members = await p.request('room:watch', { room });
    const olga = members.ok ? members.members.find((member) => member.name === 'Olga') : undefined;
    const atOlga = events(older, 'message:posted');

    const answer = await p.request('message:post', textPost(room, 'toolder01', 'hi', { to: olga?.id ?? '' }));
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.error).toMatchObject({
      code: 'undeliverable',
      message: 'Olga uses an older samepage that cannot receive encrypted messages',
    });
    expect(atOlga).toEqual([]);
    const key = `${room}:${[olga?.id ?? '', members.ok ? members.self.id : ''].sort().join(':')}`;
    expect(await p.request('dm:trust', { key, room, peer: olga?.id ?? '' })).toMatchObject({
      theirs: null,
      safetyNumber: null,
      older: true,
    });
  });
});
