/** The hub's side of block and mute (issue #14): the relay is told (privacy:set), and nothing silenced counts or notifies. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { ClientEvent, type Member, type PrivacySetRequest } from '../../protocol/index.ts';
import { block, mute } from '../lib/safety-lists.ts';
import { StorageKeys, writeStored } from '../lib/storage-keys.ts';
import { eventually, newRoom, sleep, textPost, useHubHarness } from '../testing/hub-harness.ts';
import type { BadgeSurface } from './badge-surface.ts';
import type { RelaySocket } from './connection.ts';
import { writtenTo } from './contacts.ts';
import { createDmArchive } from './dm-archive.ts';
import type { NotificationSurface } from './notifications.ts';
import { PrivacySync } from './privacy-sync.ts';
import { SafetyView } from './safety-view.ts';

type Answer = { ok: true } | { ok: false; error: { code: string; message: string; retryAfterMs?: number } };

/** A connected socket that records each `privacy:set` and answers it with the next of `answers` (ok when none are left). */
function recordingSocket(answers: Answer[] = []) {
  const sent: PrivacySetRequest[] = [];
  const socket = {
    timeout: () => ({
      emitWithAck: async (event: string, payload: PrivacySetRequest) => {
        if (event !== ClientEvent.PrivacySet) throw new Error(`unexpected ${event}`);
        sent.push(payload);
        return answers.shift() ?? { ok: true };
      },
    }),
  } as unknown as RelaySocket;
  return { socket, sent };
}

const BOB = 'b'.repeat(43);
const CAROL = 'c'.repeat(43);

describe('privacy sync', () => {
  const disposables: Array<{ dispose(): void }> = [];
  afterEach(() => {
    for (const item of disposables.splice(0)) item.dispose();
    vi.useRealTimers();
  });

  function sync(socket: RelaySocket | null, contacts: string[] = []) {
    const safety = new SafetyView();
    const privacy = new PrivacySync({
      safety,
      socket: () => socket,
      requestTimeoutMs: 1000,
      debounceMs: 20,
      contacts: async () => contacts,
    });
    disposables.push(privacy, safety);
    return privacy;
  }

  it('sends the stored block list and DM setting as a connection opens, waiting for them to be read', async () => {
    await block({ id: BOB, name: 'Bob' });
    await browser.storage.local.set({ dmPolicy: 'replied' });
    const { socket, sent } = recordingSocket();
    sync(socket).connected(socket);
    await eventually(() => expect(sent).toEqual([{ blocked: [BOB], dms: 'replied', contacts: [] }]));
  });

  it('sends again when the block list or the setting changes, once per burst, and not when nothing changed', async () => {
    const { socket, sent } = recordingSocket();
    const privacy = sync(socket);
    await privacy.ready;
    privacy.connected(socket);
    await eventually(() => expect(sent).toHaveLength(1));
    await block({ id: BOB, name: 'Bob' });
    await block({ id: CAROL, name: 'Carol' });
    await eventually(() => expect(sent.at(-1)).toEqual({ blocked: [BOB, CAROL], dms: 'everyone', contacts: [] }));
    await browser.storage.local.set({ dmPolicy: 'nobody' });
    await eventually(() => expect(sent.at(-1)?.dms).toBe('nobody'));
    const count = sent.length;
    await mute('r'.repeat(64), { id: BOB, name: 'Bob' }, null);
    await sleep(80);
    expect(sent).toHaveLength(count);
    expect(sent.length).toBeLessThanOrEqual(4);
  });

  it('adds the people this person wrote to once the relay tells one of their ids', async () => {
    const { socket, sent } = recordingSocket();
    const privacy = sync(socket, [CAROL]);
    await privacy.ready;
    privacy.connected(socket);
    privacy.identified();
    await eventually(() => expect(sent.at(-1)).toEqual({ blocked: [], dms: 'everyone', contacts: [CAROL] }));
  });

  it('asks again after the wait the relay gives when it refuses for the budget', async () => {
    const { socket, sent } = recordingSocket([
      { ok: false, error: { code: 'rate_limited', message: 'slow down', retryAfterMs: 1000 } },
    ]);
    const privacy = sync(socket);
    await privacy.ready;
    privacy.connected(socket);
    await eventually(() => expect(sent).toHaveLength(1));
    await sleep(500);
    expect(sent).toHaveLength(1);
    await eventually(() => expect(sent).toHaveLength(2), 2000);
  });
});

describe('contacts', () => {
  it('are the people this person wrote to in DMs, newest conversation first, each once', async () => {
    let now = 1000;
    const archive = createDmArchive({ now: () => now });
    const self: Member = { id: 'a'.repeat(43), name: 'Ann' };
    // This person's id in another room: the relay shows them by another id there.
    const selfElsewhere: Member = { id: 'e'.repeat(43), name: 'Ann' };
    const dm = (id: string, from: Member, to: string, room = 'r'.repeat(64)) => ({
      id,
      clientId: `c${id}`,
      room,
      from,
      to,
      at: now,
      kind: 'text' as const,
      body: { text: 'hi' },
    });
    await archive.keep(dm('01', self, BOB));
    now = 2000;
    await archive.keep(dm('02', { id: CAROL, name: 'Carol' }, self.id));
    now = 3000;
    await archive.keep(dm('03', self, 'd'.repeat(43)));
    now = 4000;
    await archive.keep(dm('04', selfElsewhere, 'f'.repeat(43), 's'.repeat(64)));
    const own = (id: string) => id === self.id || id === selfElsewhere.id;
    expect(await writtenTo(own)).toEqual(['f'.repeat(43), 'd'.repeat(43), BOB]);
    expect(await writtenTo(own, 1)).toEqual(['f'.repeat(43)]);
    // Known by one of its ids only, this person wrote to the one in that room.
    expect(await writtenTo((id) => id === self.id)).toEqual(['d'.repeat(43), BOB]);
  });
});

describe('attention with a real relay', () => {
  const harness = useHubHarness();
  const { createHub, panel } = harness;

  function recorders() {
    const shown: string[] = [];
    const badgeTexts: string[] = [];
    const notifications: NotificationSurface = {
      permitted: async () => true,
      show: async (_id, title) => void shown.push(title),
    };
    const badge: BadgeSurface = {
      setText: async (text, tabId) => void (tabId === undefined && badgeTexts.push(text ?? '')),
    };
    return { shown, badgeTexts, notifications, badge };
  }

  it('neither counts nor notifies a DM from someone blocked, nor a mention from someone muted in the room', async () => {
    const room = newRoom();
    // A first DM from a stranger is a quiet request unless requests notify; they do here, so the
    // blocked person's DM is silenced by the block, not by being a request.
    await writeStored(StorageKeys.notifyRequests, true);
    const { shown, badgeTexts, notifications, badge } = recorders();
    const hub = createHub({ notifications, badge });
    const p = panel(hub, 3);
    const watch = await p.request('room:watch', { room });
    if (!watch.ok) throw new Error('watch failed');
    const self = watch.self;
    const bob = await harness.peer(room, 'Bob');
    const carol = await harness.peer(room, 'Carol');
    const [bobSelf, carolSelf] = [bob.self, carol.self];
    p.view({ room: null, conversation: null, visible: false });

    await block(bobSelf);
    await mute(room, carolSelf, null);
    await sleep(50);
    await bob.post(textPost(room, 'blockeddm1', 'hello?', { to: self.id }));
    await carol.post(textPost(room, 'mutedment1', `hi ${self.name}`, { mentions: [self.id] }));
    await sleep(200);
    expect(shown).toEqual([]);
    expect(badgeTexts.filter((text) => text !== '')).toEqual([]);

    // Someone neither blocked nor muted still counts: the silence is theirs only.
    await carol.post(textPost(room, 'dmcarol01', 'psst', { to: self.id }));
    await eventually(() => expect(shown).toEqual(['Carol']));
  });
});
