import { describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { eventually, newRoom, post, textPost, useHubHarness } from '../testing/hub-harness.ts';
import type { NotificationSurface } from './notifications.ts';
import { OWN_IDS_KEY, OwnIds } from './own-ids.ts';

const harness = useHubHarness();
const { createHub, panel, observer } = harness;

describe('own ids', () => {
  it('are one per room, kept across a restart of the worker, the newest at most', async () => {
    const own = new OwnIds(2);
    await own.ready;
    expect(own.learned('r1', 'id-in-r1')).toBe(true);
    expect(own.learned('r1', 'id-in-r1')).toBe(false);
    own.learned('r2', 'id-in-r2');
    own.welcomed('person');
    expect([own.in('r1'), own.in('r2'), own.in('r3')]).toEqual(['id-in-r1', 'id-in-r2', null]);
    expect(['id-in-r1', 'id-in-r2', 'person', 'someone'].map((id) => own.has(id))).toEqual([true, true, true, false]);

    const after = new OwnIds(2);
    await after.ready;
    expect(after.in('r1')).toBe('id-in-r1');
    expect(after.has('person')).toBe(false);
    after.learned('r3', 'id-in-r3');
    expect([after.in('r1'), after.in('r2'), after.in('r3')]).toEqual([null, 'id-in-r2', 'id-in-r3']);
    await eventually(async () =>
      expect((await browser.storage.local.get(OWN_IDS_KEY))[OWN_IDS_KEY]).toEqual({ r2: 'id-in-r2', r3: 'id-in-r3' }),
    );
  });

  it('make a mention in each room, by the id this person has there, a mention', async () => {
    const [a, b] = [newRoom(), newRoom()];
    const shown: string[] = [];
    const notifications: NotificationSurface = {
      permitted: async () => true,
      show: async (_id, title) => void shown.push(title),
    };
    const hub = createHub({ notifications });
    const [inA, inB] = [panel(hub, 7), panel(hub, 8)];
    const [watchA, watchB] = [
      await inA.request('room:watch', { room: a }),
      await inB.request('room:watch', { room: b }),
    ];
    if (!watchA.ok || !watchB.ok) throw new Error('watch failed');
    expect(watchA.self.id).not.toBe(watchB.self.id);
    inA.view({ room: a, conversation: null, visible: false });
    inB.view({ room: b, conversation: null, visible: false });
    const [eveA, eveB] = [await observer(a, 'Eve'), await observer(b, 'Eve')];

    // Room A's id of this person is nobody in room B.
    await post(eveB, textPost(b, 'mention-x', 'not you', { mentions: [watchA.self.id] }));
    await post(eveA, textPost(a, 'mention-a', 'you in a', { mentions: [watchA.self.id] }));
    await post(eveB, textPost(b, 'mention-b', 'you in b', { mentions: [watchB.self.id] }));
    await eventually(() => expect(shown).toEqual(['Eve mentioned you', 'Eve mentioned you']));
  });
});
