import { describe, expect, it } from 'vitest';
import {
  EDIT_WINDOW_MS,
  REACTION_EMOJI_MAX,
  type ChangeKind,
  type Envelope,
  type Failure,
  type Member,
  type MessageKind,
} from '../../../protocol/index.ts';
import {
  ALICE,
  BOB,
  CAROL,
  OTHER_ROOM,
  ROOM,
  changeFrom,
  imageFrom,
  textFrom,
} from '../../../protocol/testing/envelopes.ts';
import { loadConfig } from '../../config.ts';
import { MemoryImageStore } from '../../images/memory-store.ts';
import { createMemoryStores } from '../../stores/memory.ts';
import { storedOf, v1Of, viewOf } from '../stored-message.ts';
import { POLICIES, type PolicyDeps } from './index.ts';

const refusal = (message: string): Failure => ({ ok: false, error: { code: 'bad_request', message } });
const GONE = refusal('that message is not in this room’s history (it may be too old)');
const DELETED = refusal('that message was deleted');

function setup() {
  const images = new MemoryImageStore({ maxAgeMs: Infinity, maxBytes: Infinity });
  const deps: PolicyDeps & { images: MemoryImageStore } = { stores: createMemoryStores(loadConfig({})), images };
  const { history } = deps.stores;
  /** Keeps a message in the room's history, as its policy would. */
  const sent = async <E extends Envelope<MessageKind>>(envelope: E) => {
    await history.append(storedOf(envelope));
    return envelope;
  };
  /** Prepares then keeps a change, as the relay does; answers the first refusal or what is relayed. */
  const post = async <K extends ChangeKind>(change: Envelope<K>) => {
    const policy = POLICIES[change.kind] as unknown as (typeof POLICIES)[K];
    const prepared = await policy.prepare(change as never, deps);
    if (!('id' in prepared)) return prepared;
    return policy.keep(prepared as never, 'trusted', deps);
  };
  const find = async (id: string) => history.find(ROOM, id);
  return { deps, images, history, sent, post, find };
}

const react = (from: Member, target: string, on = true, emoji = '🦦') =>
  changeFrom(from, 'reaction', { target, emoji, on });

describe('reaction policy', () => {
  it('relays each reaction with the count after it, counting each person once', async () => {
    const { sent, post, find } = setup();
    const hello = await sent(textFrom(ALICE, 'hello'));
    const counts: unknown[] = [];
    for (const change of [
      react(BOB, hello.id),
      react(CAROL, hello.id),
      react(BOB, hello.id),
      react(BOB, hello.id, false),
    ]) {
      const relayed = await post(change);
      counts.push('id' in relayed ? relayed.body.count : relayed);
      if ('id' in relayed) expect(relayed).toEqual({ ...change, body: { ...change.body, count: relayed.body.count } });
    }
    expect(counts).toEqual([1, 2, 2, 1]);
    const stored = await find(hello.id);
    expect(stored && viewOf(stored, CAROL.id).reactions).toEqual([{ emoji: '🦦', count: 1, mine: true }]);
  });

  it('lets the author react to their own message, and long after it was sent', async () => {
    const { sent, post } = setup();
    const hello = await sent(textFrom(ALICE, 'hello'));
    const late = changeFrom(
      ALICE,
      'reaction',
      { target: hello.id, emoji: '👍', on: true },
      { at: hello.at + 24 * 3_600_000 },
    );
    expect(await post(late)).toEqual({ ...late, body: { ...late.body, count: 1 } });
  });

  it('prepares with the count as it stands: a retry is answered with the count it made', async () => {
    const { deps, sent, post } = setup();
    const hello = await sent(textFrom(ALICE, 'hello'));
    const like = react(BOB, hello.id);
    expect(await POLICIES.reaction.prepare(like, deps)).toEqual({ ...like, body: { ...like.body, count: 0 } });
    await post(like);
    expect(await POLICIES.reaction.prepare(like, deps)).toEqual({ ...like, body: { ...like.body, count: 1 } });
  });

  it('refuses a reaction to a message the room does not keep, or to a deleted one', async () => {
    const { deps, sent, post } = setup();
    expect(await post(react(BOB, 'm-never-sent'))).toEqual(GONE);
    const elsewhere = await sent(textFrom(ALICE, 'elsewhere', { room: OTHER_ROOM }));
    expect(await post(react(BOB, elsewhere.id))).toEqual(GONE);
    const hello = await sent(textFrom(ALICE, 'hello'));
    await post(changeFrom(ALICE, 'delete', { target: hello.id }));
    expect(await post(react(BOB, hello.id))).toEqual(DELETED);
    // Deleted between the check and the change: keep refuses too, and keeps nothing.
    const other = await sent(textFrom(ALICE, 'other'));
    const like = react(BOB, other.id);
    const prepared = await POLICIES.reaction.prepare(like, deps);
    await post(changeFrom(ALICE, 'delete', { target: other.id }));
    expect('id' in prepared && (await POLICIES.reaction.keep(prepared, 'trusted', deps))).toEqual(DELETED);
  });

  it(`refuses a ${REACTION_EMOJI_MAX + 1}th different emoji, and keeps nothing of it`, async () => {
    const { sent, post, find } = setup();
    const hello = await sent(textFrom(ALICE, 'hello'));
    const flags = Array.from({ length: REACTION_EMOJI_MAX + 1 }, (_, i) =>
      String.fromCodePoint(0x1f1e6 + i, 0x1f1e6 + i),
    );
    for (const emoji of flags.slice(0, REACTION_EMOJI_MAX)) await post(react(BOB, hello.id, true, emoji));
    expect(await post(react(CAROL, hello.id, true, flags[REACTION_EMOJI_MAX]))).toEqual(
      refusal(`a message holds at most ${REACTION_EMOJI_MAX} different emoji`),
    );
    expect((await find(hello.id))?.reactions).toHaveLength(REACTION_EMOJI_MAX);
  });
});

describe('edit policy', () => {
  it("changes the author's text within the window and relays the edit as it came", async () => {
    const { sent, post, find } = setup();
    const hello = await sent(textFrom(ALICE, 'helo', {}, { mentions: [BOB.id] }));
    const edit = changeFrom(ALICE, 'edit', { target: hello.id, text: 'hello' }, { at: hello.at + EDIT_WINDOW_MS });
    expect(await post(edit)).toBe(edit);
    const stored = await find(hello.id);
    expect(stored).toEqual({ ...hello, body: { text: 'hello' }, editedAt: edit.at, reactions: [] });
    expect(stored && v1Of(stored)?.text).toBe('hello');
  });

  it("refuses someone else's edit, a late one, an edit of an image or of a deleted message", async () => {
    const { sent, post, find } = setup();
    const hello = await sent(textFrom(ALICE, 'hello'));
    expect(await post(changeFrom(BOB, 'edit', { target: hello.id, text: 'pwned' }))).toEqual(
      refusal('only its author can edit a message'),
    );
    const late = changeFrom(ALICE, 'edit', { target: hello.id, text: 'late' }, { at: hello.at + EDIT_WINDOW_MS + 1 });
    expect(await post(late)).toEqual(refusal('a message can be edited for 15 minutes after it was sent'));
    expect(await find(hello.id)).toEqual(hello);
    const picture = await sent(imageFrom(ALICE));
    expect(await post(changeFrom(ALICE, 'edit', { target: picture.id, text: 'caption' }))).toEqual(
      refusal('only text messages can be edited'),
    );
    await post(changeFrom(ALICE, 'delete', { target: hello.id }));
    expect(await post(changeFrom(ALICE, 'edit', { target: hello.id, text: 'back' }))).toEqual(DELETED);
    expect(await post(changeFrom(ALICE, 'edit', { target: 'm-never-sent', text: 'x' }))).toEqual(GONE);
  });
});

describe('delete policy', () => {
  it("turns the author's message into a tombstone and relays the delete as it came", async () => {
    const { sent, post, find } = setup();
    const hello = await sent(textFrom(ALICE, 'hello'));
    await post(react(BOB, hello.id));
    const remove = changeFrom(ALICE, 'delete', { target: hello.id });
    expect(await post(remove)).toBe(remove);
    const stored = await find(hello.id);
    expect(stored).toEqual({ ...hello, body: null, deletedAt: remove.at });
    expect(stored && v1Of(stored)).toBeNull();
  });

  it("refuses someone else's delete, a second delete, and a message not kept", async () => {
    const { sent, post, find } = setup();
    const hello = await sent(textFrom(ALICE, 'hello'));
    expect(await post(changeFrom(BOB, 'delete', { target: hello.id }))).toEqual(
      refusal('only its author can delete a message'),
    );
    expect(await find(hello.id)).toEqual(hello);
    await post(changeFrom(ALICE, 'delete', { target: hello.id }));
    expect(await post(changeFrom(ALICE, 'delete', { target: hello.id }))).toEqual(DELETED);
    expect(await post(changeFrom(ALICE, 'delete', { target: 'm-never-sent' }))).toEqual(GONE);
  });

  it('removes the image with its message, and only then', async () => {
    const { images, sent, post } = setup();
    const upload = async () => {
      const sizes = { width: 2, height: 2, thumbWidth: 1, thumbHeight: 1 };
      return (await images.put({ full: Buffer.from('f'), thumb: Buffer.from('t'), ...sizes }, ROOM, ALICE.id)).id;
    };
    const [kept, removed] = [await upload(), await upload()];
    const other = await sent(imageFrom(ALICE, {}, { id: kept }));
    const picture = await sent(imageFrom(ALICE, {}, { id: removed }));
    expect(await post(changeFrom(BOB, 'delete', { target: picture.id }))).toEqual(
      refusal('only its author can delete a message'),
    );
    expect(await images.info(removed)).not.toBeNull();
    await post(changeFrom(ALICE, 'delete', { target: picture.id }));
    expect(await images.info(removed)).toBeNull();
    expect((await images.info(kept))?.id).toBe(kept);
    expect(other.body.id).toBe(kept);
  });

  it('deletes an image message where the relay keeps no images', async () => {
    const { deps, sent } = setup();
    const picture = await sent(imageFrom(ALICE));
    const remove = changeFrom(ALICE, 'delete', { target: picture.id });
    const noImages = { stores: deps.stores };
    expect(await POLICIES.delete.keep(remove, 'trusted', noImages)).toBe(remove);
    expect((await deps.stores.history.find(ROOM, picture.id))?.deletedAt).toBe(remove.at);
  });
});
