/**
 * Issue #5 in a real browser: nothing lost and nothing duplicated when Chrome stops the
 * service worker just after a send, or the relay is down for ten seconds while both people
 * keep typing; what is waiting shows as pending, what gave up shows as failed with Retry.
 */
import type { Frame } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  people,
  connectionOf,
  holds,
  messageTexts,
  pairOn,
  relay,
  say,
  sayAccepted,
  siteUrl,
  until,
  type Pair,
} from './support/panel.ts';

const users = people('alice', 'bob');

afterAll(async () => {
  await relay('start');
});

const pair = (scenario: string): Promise<Pair> =>
  pairOn(siteUrl(`/article?scenario=${scenario}`), users.alice, users.bob);

const stateOf = (panel: Frame, text: string): Promise<string | null> =>
  panel
    .getByTestId('message')
    .filter({ hasText: text })
    .first()
    .getAttribute('data-state', { timeout: 1000 })
    .catch(() => 'absent');

describe('outages', () => {
  it('a service worker stopped right after send: the message arrives once, in order, on both sides', async () => {
    const { panelA, panelB } = await pair('sw-after-send');
    await sayAccepted(panelA, 'one');
    await say(panelA, 'two');
    await users.alice.stopServiceWorker();
    await until(() => connectionOf(panelA), 'connected');
    await sayAccepted(panelA, 'three');
    const expected = ['one', 'two', 'three'];
    await until(() => messageTexts(panelB), expected);
    await until(() => messageTexts(panelA), expected);
    await holds(() => messageTexts(panelB), expected, 1500);
  });

  it('a relay down for 10 s while both keep typing: pending while down, then every message once, in order', async () => {
    const { panelA, panelB } = await pair('relay-down');
    await sayAccepted(panelA, 'before from Alice');
    await relay('kill');
    await until(() => connectionOf(panelA), 'reconnecting');
    const typed: Array<[Frame, string]> = [
      [panelA, 'Alice 1'],
      [panelB, 'Bob 1'],
      [panelA, 'Alice 2'],
      [panelB, 'Bob 2'],
    ];
    for (const [panel, text] of typed) {
      await say(panel, text);
      await until(() => stateOf(panel, text), 'pending');
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
    await relay('start');
    await until(() => connectionOf(panelA), 'connected', 20_000);

    const sameOnBoth = async (): Promise<boolean> => {
      const [a, b] = await Promise.all([messageTexts(panelA), messageTexts(panelB)]);
      return a.length === 5 && JSON.stringify(a) === JSON.stringify(b);
    };
    await until(sameOnBoth, true, 20_000);
    const shown = await messageTexts(panelA);
    expect([...shown].sort()).toEqual(['Alice 1', 'Alice 2', 'Bob 1', 'Bob 2', 'before from Alice'].sort());
    expect(shown[0]).toBe('before from Alice');
    // Each person's messages stay in the order they were typed.
    expect(shown.filter((text) => text.startsWith('Alice'))).toEqual(['Alice 1', 'Alice 2']);
    expect(shown.filter((text) => text.startsWith('Bob'))).toEqual(['Bob 1', 'Bob 2']);
    await holds(sameOnBoth, true, 1500);
    expect(await panelA.locator('[data-state]').count()).toBe(0);
  });

  it('a send that cannot get through shows as failed, and Retry delivers it once', { timeout: 90_000 }, async () => {
    const { panelA, panelB } = await pair('failed');
    await relay('kill');
    await say(panelA, 'held back');
    await until(() => stateOf(panelA, 'held back'), 'pending');
    await until(() => stateOf(panelA, 'held back'), 'failed', 45_000);
    await relay('start');
    await until(() => connectionOf(panelA), 'connected', 20_000);
    await panelA.getByRole('button', { name: 'Retry' }).click();
    await until(() => messageTexts(panelB), ['held back']);
    await until(() => stateOf(panelA, 'held back'), null);
    await holds(() => messageTexts(panelB), ['held back'], 1500);
  });
});
