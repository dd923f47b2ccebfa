import { describe, expect, it } from 'vitest';
import {
  ClientEvent,
  DM_RECEIPTS_MAX,
  type DmReceivedRequest,
  type Envelope,
  type SealedInner,
} from '../../protocol/index.ts';
import { roomKeyPair } from '../lib/e2e/keys.ts';
import { sealDm } from '../lib/e2e/seal.ts';
import type { RelaySocket } from './connection.ts';
import { createDmArchive } from './dm-archive.ts';
import { DmIntake } from './dm-intake.ts';
import { Sealing } from './sealing.ts';
import { TrustBook } from './trust-book.ts';
import { keysOf } from '../testing/install-keys.ts';

const ORIGIN = 'https://relay.example';
const ROOM = 'a'.repeat(64);
const ALICE = { id: 'alice-in-this-room-01', name: 'Alice' };
const BOB = { id: 'bob-in-this-room-0001', name: 'Bob' };
const CONVERSATION = `${ROOM}:${[ALICE.id, BOB.id].sort().join(':')}`;

const aliceKeys = async () => roomKeyPair(await keysOf('alice install secret'), ORIGIN, ROOM);
const bobKeys = async () => roomKeyPair(await keysOf('bob install secret'), ORIGIN, ROOM);

let nextId = 1;
/** A DM from Bob to Alice as the relay would carry it: sealed by Bob's key to Alice's. */
async function fromBob(inner: SealedInner, clientId: string, id = `m${String(nextId++).padStart(4, '0')}`) {
  const bob = await bobKeys();
  const body = await sealDm(inner, bob, (await aliceKeys()).publicKey, {
    room: ROOM,
    from: BOB.id,
    to: ALICE.id,
    clientId,
  });
  return {
    id,
    clientId,
    room: ROOM,
    from: { ...BOB, key: bob.publicKey },
    to: ALICE.id,
    at: Date.now(),
    kind: 'sealed',
    body,
  } as Envelope;
}

const text = (words: string): SealedInner => ({ kind: 'text', body: { text: words } });

/**
 * Alice's intake, with a socket that answers `dm:fetch` as the relay does, with the oldest page
 * of what is `waiting` and unconfirmed, and records receipts.
 */
function aliceIntake(waiting: Envelope[] = []) {
  let kept = [...waiting];
  const shown: Envelope[] = [];
  const receipts: DmReceivedRequest[] = [];
  const dmArchive = createDmArchive();
  const trust = new TrustBook(() => undefined);
  const sealing = new Sealing({ keyPair: aliceKeys, trust, keptSelf: async () => undefined });
  const socket = {
    timeout: () => ({
      emitWithAck: async (event: string, payload: unknown) => {
        if (event === ClientEvent.DmFetch) return { ok: true, messages: kept.slice(0, DM_RECEIPTS_MAX) };
        const request = payload as DmReceivedRequest;
        receipts.push(request);
        const confirmed = new Set(request.receipts.map((receipt) => receipt.id));
        kept = kept.filter((envelope) => !confirmed.has(envelope.id));
        return { ok: true };
      },
    }),
  } as unknown as RelaySocket;
  const intake = new DmIntake({
    sealing,
    trust,
    dmArchive,
    requestTimeoutMs: 1000,
    socket: () => socket,
    shown: (envelope) => void shown.push(envelope),
  });
  return { intake, shown, receipts, dmArchive, trust, socket };
}

describe('the DM intake (issue #15)', () => {
  it('opens a sealed DM into the plain envelope its sender wrote, keeps it, shows it and confirms it', async () => {
    const { intake, shown, receipts, dmArchive } = aliceIntake();
    const sealed = await fromBob(text('hi Alice'), 'open00001');
    await intake.take(sealed);
    const plain = { ...sealed, kind: 'text', body: { text: 'hi Alice' } };
    expect(shown).toEqual([plain]);
    expect(await dmArchive.conversation(CONVERSATION)).toEqual([plain]);
    expect(receipts).toEqual([{ receipts: [{ room: ROOM, from: BOB.id, id: sealed.id }] }]);
  });

  it('keeps a DM fetched again once, and still confirms it', async () => {
    const { intake, shown, receipts } = aliceIntake();
    const sealed = await fromBob(text('once'), 'twice0001');
    await intake.take(sealed);
    await intake.take(sealed);
    expect(shown).toHaveLength(1);
    expect(receipts.flatMap((request) => request.receipts.map((receipt) => receipt.id))).toEqual([
      sealed.id,
      sealed.id,
    ]);
  });

  it('drops a replayed clientId under a new id with a notice, and nothing else is lost', async () => {
    const { intake, shown, trust } = aliceIntake();
    const first = await fromBob(text('pay 10'), 'replay001');
    await intake.take(first);
    await intake.take({ ...first, id: 'm9999' });
    await intake.take(await fromBob(text('and this one'), 'replay002'));
    expect(shown.map((envelope) => envelope.kind === 'text' && envelope.body.text)).toEqual(['pay 10', 'and this one']);
    expect((await trust.get(CONVERSATION)).notices.map((notice) => notice.text)).toEqual([
      'A message from Bob could not be decrypted and was dropped: it repeats an earlier message (someone replayed it).',
    ]);
  });

  it('drops a replay the archive no longer holds (a declined request forgot it), in a new worker too', async () => {
    const { intake, shown, dmArchive } = aliceIntake();
    const first = await fromBob(text('pay 10'), 'replay003');
    await intake.take(first);
    await dmArchive.forget(CONVERSATION);
    const again = aliceIntake();
    await again.intake.take({ ...first, id: 'm9998' });
    expect(shown).toHaveLength(1);
    expect(again.shown).toEqual([]);
    expect((await again.trust.get(CONVERSATION)).notices.map((notice) => notice.text)).toEqual([
      'A message from Bob could not be decrypted and was dropped: it repeats an earlier message (someone replayed it).',
    ]);
  });

  it('drops a flipped bit, a DM sealed for someone else and a plain DM, each with its notice', async () => {
    const { intake, shown, trust } = aliceIntake();
    const sealed = await fromBob(text('secret'), 'flipped01');
    const body = sealed.kind === 'sealed' ? sealed.body : { enc: '', ct: '' };
    const flipped = body.ct.startsWith('A') ? `B${body.ct.slice(1)}` : `A${body.ct.slice(1)}`;
    await intake.take({ ...sealed, body: { ...body, ct: flipped } } as Envelope);
    const carol = await roomKeyPair(await keysOf('carol install secret'), ORIGIN, ROOM);
    const toCarol = await sealDm(text('for Carol'), await bobKeys(), carol.publicKey, {
      room: ROOM,
      from: BOB.id,
      to: ALICE.id,
      clientId: 'nothers01',
    });
    await intake.take({ ...(await fromBob(text('x'), 'nothers01')), body: toCarol } as Envelope);
    await intake.take({ ...sealed, id: 'm8888', clientId: 'plain0001', kind: 'text', body: { text: 'plain' } });
    expect(shown).toEqual([]);
    const notices = (await trust.get(CONVERSATION)).notices.map((notice) => notice.text);
    expect(notices).toEqual([
      'A message from Bob could not be decrypted and was dropped: it was changed on the way, or not sealed for you by its sender.',
      'A message from Bob could not be decrypted and was dropped: it was changed on the way, or not sealed for you by its sender.',
      'A message from Bob could not be decrypted and was dropped: it was not end-to-end encrypted.',
    ]);
  });

  it('fetches what waited on connect, page after page, in order, and confirms each page (at most DM_RECEIPTS_MAX)', async () => {
    const waiting = await Promise.all(
      Array.from({ length: DM_RECEIPTS_MAX + 3 }, (_, index) =>
        fromBob(text(`waited ${index}`), `wait${String(index).padStart(5, '0')}`),
      ),
    );
    const { intake, shown, receipts, socket } = aliceIntake(waiting);
    await intake.fetch(socket);
    expect(shown.map((envelope) => envelope.id)).toEqual(waiting.map((envelope) => envelope.id));
    expect(receipts.map((request) => request.receipts.length)).toEqual([DM_RECEIPTS_MAX, 3]);
  });

  it('opens a DM whose sender published no key in the room with the key known for the conversation', async () => {
    const { intake, shown, trust } = aliceIntake();
    await intake.take(await fromBob(text('with my key'), 'keyed0001'));
    const unkeyed = await fromBob(text('under our grant'), 'nokey0001');
    await intake.take({ ...unkeyed, from: BOB });
    expect(shown.map((envelope) => envelope.kind === 'text' && envelope.body.text)).toEqual([
      'with my key',
      'under our grant',
    ]);
    expect((await trust.get(CONVERSATION)).notices).toEqual([]);
  });

  it('drops a DM without a key from someone it knows no key of, saying so', async () => {
    const { intake, shown, trust } = aliceIntake();
    await intake.take({ ...(await fromBob(text('who am I'), 'nokey0002')), from: BOB });
    expect(shown).toEqual([]);
    expect((await trust.get(CONVERSATION)).notices.map((notice) => notice.text)).toEqual([
      'A message from Bob could not be decrypted and was dropped: it came without its sender’s key.',
    ]);
  });

  it('passes over this person’s own sealed DMs (sealed to the other one) without a receipt', async () => {
    const { intake, shown, receipts, trust } = aliceIntake();
    const alice = await aliceKeys();
    const own = await fromBob(text('x'), 'mine00001');
    await intake.take({ ...own, from: { ...ALICE, key: alice.publicKey }, to: BOB.id });
    expect(shown).toEqual([]);
    expect(receipts).toEqual([]);
    expect((await trust.get(CONVERSATION)).notices).toEqual([]);
  });
});
