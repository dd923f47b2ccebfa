/**
 * Issue #11 as a person meets it: refused by the relay for a budget, the panel says why and
 * when, in words; someone new is told up front what the relay holds back. These tests run on a
 * relay of their own with one new identity allowed per address per 10 minutes, newcomers held
 * back for 10 minutes and one rename a minute; the shared relay has the first two off.
 */
import { mkdirSync } from 'node:fs';
import type { Frame } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOwnRelay, type OwnRelay } from './support/own-relay.ts';
import { connectionOf, openPanel, people, sayAccepted, setName, siteUrl, until } from './support/panel.ts';

const users = people('alice', 'bob');
let relay: OwnRelay;

beforeAll(async () => {
  relay = await startOwnRelay({
    newIdentitiesPerIp: 1,
    newcomerMinutes: 10,
    newcomerMessagesPerMinute: 6,
    renamesPerMinute: 1,
  });
  // Bob comes later: a hub stays connected without a panel (issue #13), so pointing his at this
  // relay now would spend the network's one new identity before Alice's.
  await users.alice.useRelay(relay.url);
});

afterAll(async () => {
  await relay.close();
});

/** The panel as the person sees it, for a look at how the words read at its width. */
async function screenshot(panel: Frame, name: string): Promise<void> {
  mkdirSync('artifacts/e2e', { recursive: true });
  await (await panel.frameElement()).screenshot({ path: `artifacts/e2e/${name}.png` });
}

const detailOf = (panel: Frame): Promise<string | null> =>
  panel.getByTestId('connection-detail').textContent({ timeout: 2000 });

describe('limits, in words', () => {
  it('a newcomer is told what is held back; a rename over budget and a new visitor refused say why', async () => {
    const url = siteUrl('/article?scenario=limits');
    const pageA = await users.alice.open(url);
    const panelA = await openPanel(users.alice, pageA);
    await setName(panelA, 'Alice');
    await sayAccepted(panelA, 'Hello from Alice');
    const notice = panelA.getByTestId('newcomer-notice');
    await until(
      () => notice.textContent(),
      // The relay first saw her seconds ago: what is left of 10 minutes, rounded up.
      "You're new here: for the next 10 minutes you can send 6 messages a minute and links are held back.",
    );
    await screenshot(panelA, 'newcomer-notice');

    // Her first name was this minute's one rename.
    await panelA.getByRole('button', { name: /name/i }).first().click();
    await panelA.getByTestId('name-input').fill('Alicia');
    await panelA.getByTestId('name-input').press('Enter');
    await expect
      .poll(() => panelA.locator('.form-error').textContent(), { timeout: 10_000 })
      .toMatch(/^You changed your name too often; try again in (1 min|\d+ s)$/);

    await users.bob.useRelay(relay.url);
    const pageB = await users.bob.open(url);
    await users.bob.clickAction(pageB);
    const panelB = await users.bob.panel(pageB);
    await until(() => connectionOf(panelB), 'offline');
    // Alice took the address's one new identity seconds ago, so the relay asks Bob to wait what
    // is left of the 10 minutes its budget takes to refill. The panel counts down to the hub's
    // next attempt, that wait plus up to a tenth more (retry-after.ts): "11 min" but for the
    // rare draw of next to no jitter.
    expect(await detailOf(panelB)).toMatch(/^Too many new visitors from your network; try again in 1[01] min$/);
    // Shown in full: the sentence wraps inside the panel rather than being cut off.
    const fits = await panelB
      .getByTestId('connection-detail')
      .evaluate((node) => node.scrollWidth <= node.clientWidth && node.getBoundingClientRect().right <= innerWidth);
    expect(fits).toBe(true);
    await screenshot(panelB, 'refused-new-visitor');
  });
});
