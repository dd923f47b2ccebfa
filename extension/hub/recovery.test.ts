/**
 * Real panel models over a real hub and relay, through in-memory Ports: what a person sees
 * after the connection, the server or the service worker went away and came back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Member, Message } from '../../protocol/index.ts';
import type { PageContext } from '../lib/domain.ts';
import { createHubClient } from '../panel/hub-client.ts';
import { createPanelModels, type PanelModels } from '../panel/models/index.ts';
import { eventually, newRoom, post, textPost, useHubHarness, type Observer } from '../testing/hub-harness.ts';
import { createPortOpener, type PortOpener } from '../testing/port-pair.ts';
import type { Hub } from './hub.ts';
import { ensureProfile, relayToken } from './identity.ts';
import { writeTabContext } from './tab-contexts.ts';

// A big burst lets the speaker fill a room's history faster than any client would.
const harness = useHubHarness({ sendBurst: 1000, sendPerSecond: 1000 });
const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

const TAB = 7;

interface OpenPanel {
  models: PanelModels;
  opener: PortOpener;
  close(): void;
}

/** A panel in tab 7, on a page whose room is `room`, connected to whichever hub `hub()` is. */
async function openPanel(hub: () => Hub, room: string): Promise<OpenPanel> {
  const context: PageContext = {
    status: 'ok',
    title: 'A page',
    page: { key: room, label: 'https://example.com/a' },
    site: { key: newRoom(), label: 'https://example.com' },
  };
  await writeTabContext(TAB, context);
  const opener = createPortOpener(hub, TAB);
  const client = createHubClient(opener.open);
  const models = createPanelModels(client, { popOutUrl: null, openPopOut: async () => undefined });
  const close = (): void => {
    models.dispose();
    client.dispose();
  };
  closers.push(close);
  await eventually(() => expect(models.room.join.value.status).toBe('joined'));
  return { models, opener, close };
}

/** `count` messages from `speaker`, numbered from `first`. */
async function say(speaker: Observer, room: string, first: number, count: number): Promise<string[]> {
  const texts = Array.from({ length: count }, (_, index) => `#${first + index}`);
  for (const text of texts) await post(speaker, textPost(room, `say-message-${text.slice(1)}`, text));
  return texts;
}

/** What a list of messages says: the text of each, or what else it is. */
const said = (messages: readonly Message[]): string[] =>
  messages.map((message) =>
    message.body === null ? '(deleted)' : message.kind === 'text' ? message.body.text : message.kind,
  );

const textsOf = (models: PanelModels): string[] => said(models.room.messages.value);

describe('resync after a gap', () => {
  it('fetches everything missed while the worker was stopped, beyond the 50 messages a join gives', async () => {
    const room = newRoom();
    const speaker = await harness.observer(room, 'Speaker');
    const before = await say(speaker, room, 1, 3);
    let hub = harness.createHub();
    const { models, opener } = await openPanel(() => hub, room);
    expect(textsOf(models)).toEqual(before);

    hub.dispose(); // Chrome stops the worker; the panel's Port drops with it
    const missed = await say(speaker, room, 4, 120);
    hub = harness.createHub();
    opener.drop();

    await eventually(() => expect(textsOf(models)).toEqual([...before, ...missed]), 5000);
  });

  it('shows the reactions, edits and deletes made while the worker was stopped, as the relay folded them', async () => {
    const room = newRoom();
    const speaker = await harness.observer(room, 'Speaker');
    const say = (text: string) => post(speaker, textPost(room, `fold-${text}`, text));
    const [liked, edited, deleted] = [await say('liked'), await say('edited'), await say('deleted')];
    let hub = harness.createHub();
    const { models, opener } = await openPanel(() => hub, room);
    expect(textsOf(models)).toEqual(['liked', 'edited', 'deleted']);

    hub.dispose();
    const reaction = { target: liked.id, emoji: '👍', on: true };
    await post(speaker, { room, clientId: 'fold-change-1', kind: 'reaction', body: reaction });
    await post(speaker, {
      room,
      clientId: 'fold-change-2',
      kind: 'edit',
      body: { target: edited.id, text: 'edited, later' },
    });
    await post(speaker, { room, clientId: 'fold-change-3', kind: 'delete', body: { target: deleted.id } });
    hub = harness.createHub();
    opener.drop();

    await eventually(() => expect(textsOf(models)).toEqual(['liked', 'edited, later', '(deleted)']), 5000);
    expect(models.room.messages.value).toMatchObject([
      { id: liked.id, reactions: [{ emoji: '👍', count: 1, mine: false }] },
      { id: edited.id, editedAt: expect.any(Number) },
      { id: deleted.id, body: null, deletedAt: expect.any(Number) },
    ]);
  });

  it('fetches what was missed while the connection was down', async () => {
    const room = newRoom();
    const before = await say(await harness.observer(room, 'Early'), room, 1, 3);
    let gate = Promise.resolve();
    const hub = harness.createHub({
      // Holding the handshake back keeps the hub offline while the room moves on.
      credentials: async () => {
        await gate;
        return {
          url: harness.relay.url,
          token: await relayToken(harness.relay.url),
          name: (await ensureProfile()).name,
        };
      },
    });
    const { models } = await openPanel(() => hub, room);
    let reopen = (): void => undefined;
    gate = new Promise((resolve) => (reopen = resolve));
    harness.relay.kick();
    await eventually(() => expect(models.connection.state.value.status).not.toBe('connected'));

    // The kick took the first speaker too, as a restarting server would.
    const missed = await say(await harness.observer(room, 'Speaker'), room, 4, 80);
    reopen();
    await eventually(() => expect(textsOf(models)).toEqual([...before, ...missed]), 5000);
  });
});

describe('older messages', () => {
  it('loads the pages before the join history when asked, down to the beginning', async () => {
    const room = newRoom();
    const all = await say(await harness.observer(room, 'Speaker'), room, 1, 200);
    const hub = harness.createHub();
    const { models } = await openPanel(() => hub, room);
    expect(textsOf(models)).toEqual(all.slice(-50));
    expect(models.room.older.value).toBe('more');

    models.room.loadOlder();
    expect(models.room.older.value).toBe('loading');
    await eventually(() => expect(models.room.older.value).toBe('more'));
    expect(textsOf(models)).toEqual(all.slice(-150));
    models.room.loadOlder();
    await eventually(() => expect(models.room.older.value).toBe('start'));
    expect(textsOf(models)).toEqual(all);
  });
});

describe('DMs kept on this device', () => {
  it('shows a conversation again in a reopened panel after the worker restarted', async () => {
    const room = newRoom();
    const dee = await harness.peer(room, 'Dee');
    let hub = harness.createHub();
    const first = await openPanel(() => hub, room);
    const self = first.models.room.self.value as Member;
    const deeMember = [...first.models.room.members.value.values()].find((member) => member.name === 'Dee') as Member;
    await eventually(() => expect(dee.knows(self.id)).toBe(true));
    await dee.post(textPost(room, 'dee-dm-0001', 'psst', { to: self.id }));
    first.models.dm.open(deeMember);
    first.models.dm.setDraft('hi Dee');
    first.models.dm.send();
    const dmTexts = (models: PanelModels): string[] => said(models.dm.messages.value);
    await eventually(() => expect(dmTexts(first.models)).toEqual(['psst', 'hi Dee']));

    first.close();
    hub.dispose();
    hub = harness.createHub();
    const second = await openPanel(() => hub, room);
    second.models.dm.open(deeMember);
    await eventually(() => expect(dmTexts(second.models)).toEqual(['psst', 'hi Dee']));
  });
});
