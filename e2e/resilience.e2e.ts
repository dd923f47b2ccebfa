/**
 * Scenario 6 of issue #4: Chrome stops the extension's service worker while a panel is open.
 * The panel says it is reconnecting, comes back by itself, and a message sent meanwhile
 * arrives once.
 */
import { describe, expect, it } from 'vitest';
import { people, countOf, holds, pairOn, recordConnection, say, siteUrl, until } from './support/panel.ts';

const users = people('alice', 'bob');

describe('a stopped service worker', () => {
  it('shows reconnecting, reconnects by itself, and delivers a message sent meanwhile exactly once', async () => {
    const { panelA, panelB } = await pairOn(siteUrl('/article?scenario=6'), users.alice, users.bob);

    const states = await recordConnection(panelA);
    await users.alice.stopServiceWorker();
    const text = 'sent while the service worker was stopped';
    await say(panelA, text);

    await until(async () => {
      const seen = await states();
      return seen.length > 1 && seen.at(-1) === 'connected';
    }, true);
    const seen = await states();
    // Connected, then only "reconnecting" (never a first-time "connecting"), then connected again.
    expect(seen[0]).toBe('connected');
    expect(seen.slice(1, -1).length).toBeGreaterThan(0);
    expect(new Set(seen.slice(1, -1))).toEqual(new Set(['reconnecting']));

    await until(() => countOf(panelB, text), 1);
    await holds(() => countOf(panelB, text), 1, 2000);
    await until(() => panelA.locator('[data-testid="message"]:not([data-state])').filter({ hasText: text }).count(), 1);
    expect(await countOf(panelA, text)).toBe(1);
  });
});
