import { describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import type { Envelope } from '../../protocol/index.ts';
import { StorageKeys } from '../lib/storage-keys.ts';
import { ALICE, BOB, dm, PAGE_ROOM } from '../testing/envelopes.ts';
import { useLocale } from '../testing/locale.ts';
import { Attention } from './attention.ts';
import { OwnIds } from './own-ids.ts';
import type { PanelLink } from './panel-link.ts';

/** An Attention for Alice, with one hidden panel watching PAGE_ROOM; answers the notifications shown. */
async function notifications(...envelopes: Envelope[]): Promise<Array<{ title: string; message: string }>> {
  // Bob's first DM is a message request: asked to be heard of, so that it notifies.
  await browser.storage.local.set({ [StorageKeys.notifyRequests]: true });
  const own = new OwnIds();
  await own.ready;
  own.learned(PAGE_ROOM, ALICE.id);
  const link: PanelLink = {
    tabId: 1,
    send: () => undefined,
    onMessage: () => undefined,
    onDisconnect: () => undefined,
  };
  const shown: Array<{ title: string; message: string }> = [];
  const attention = new Attention({
    links: () => [link],
    roomsOf: () => [PAGE_ROOM],
    readTabContext: async () => undefined,
    badge: { setText: async () => undefined },
    notifications: {
      permitted: async () => true,
      show: async (_id, title, message) => void shown.push({ title, message }),
    },
    own,
  });
  for (const envelope of envelopes) await attention.received(envelope);
  attention.dispose();
  return shown;
}

const mention = (): Envelope => {
  const { to: _to, ...envelope } = dm(BOB, ALICE, 'text', { text: 'look', mentions: [ALICE.id] });
  return envelope as Envelope;
};
const picture = () =>
  dm(BOB, ALICE, 'image', { id: 'i'.repeat(22), width: 4, height: 4, thumbWidth: 4, thumbHeight: 4 });

describe('a notification', () => {
  it('says who mentioned this person, and "Photo" for a picture', async () => {
    expect(await notifications(mention(), picture())).toEqual([
      { title: 'Bob mentioned you', message: 'look' },
      { title: 'Bob', message: 'Photo' },
    ]);
  });

  it('speaks German', async () => {
    useLocale('de');
    expect(await notifications(mention(), picture())).toEqual([
      { title: 'Bob hat dich erwähnt', message: 'look' },
      { title: 'Bob', message: 'Foto' },
    ]);
  });

  it('speaks Arabic', async () => {
    useLocale('ar');
    expect(await notifications(mention(), picture())).toEqual([
      { title: 'أشار إليك Bob', message: 'look' },
      { title: 'Bob', message: 'صورة' },
    ]);
  });
});
