/**
 * Issue #15 in real browsers: DMs sealed end to end. Alice and Bob see the same safety number
 * and mark their conversation verified; Bob closes his browser, Alice's DM waits for him on the
 * relay, and when his browser starts again it is delivered (before he even opens a panel).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from 'playwright-core';
import { launchUser, type User } from './support/browser.ts';
import { dmTexts, member, messageWith, openPanel, pairOn, sendDm, setName, siteUrl, until } from './support/panel.ts';

let alice: User;
let bob: User;
/** Alice's panel and id, from the first test to the second. */
let panelA: Frame;
let idA: string;

beforeAll(async () => {
  [alice, bob] = await Promise.all([launchUser('alice'), launchUser('bob')]);
});

afterEach(async (context) => {
  if (context.task.result?.state === 'fail')
    await Promise.all([alice, bob].map((user) => user.saveArtifacts(context.task.name)));
});

afterAll(async () => {
  await Promise.all([alice.close(), bob.close()]);
});

/** The safety number the open DM view shows, once its encryption details are opened. */
async function safetyNumberIn(panel: Frame): Promise<string> {
  const details = panel.getByTestId('dm-e2e');
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  return (await panel.getByTestId('safety-number').textContent()) ?? '';
}

const deliveryOf = (panel: Frame, text: string): Promise<string | null> =>
  messageWith(panel, text, 'dm-message').getAttribute('data-delivery', { timeout: 2000 });

describe('end-to-end encrypted DMs', () => {
  it('shows both people the same safety number, which each can mark verified', async () => {
    const url = siteUrl('/article?scenario=e2e-dm');
    const pair = await pairOn(url, alice, bob);
    const { panelB, idB } = pair;
    [panelA, idA] = [pair.panelA, pair.idA];
    await setName(panelA, 'Alice');
    await setName(panelB, 'Bob');

    await sendDm(panelA, idB, 'hello Bob, just us');
    await until(() => deliveryOf(panelA, 'hello Bob, just us'), 'delivered');
    await sendDm(panelB, idA, 'hi Alice');
    await until(() => dmTexts(panelB), ['hello Bob, just us', 'hi Alice']);

    const [numberA, numberB] = [await safetyNumberIn(panelA), await safetyNumberIn(panelB)];
    expect(numberA).toMatch(/^(\d{5} ){5}\d{5}$/);
    expect(numberB).toBe(numberA);
    await expect(panelA.getByTestId('verify-state').textContent()).resolves.toBe('Not verified');
    await panelA.getByTestId('verify-contact').click();
    await until(() => panelA.getByTestId('verify-state').textContent(), 'Verified');
    await until(() => panelA.getByTestId('verify-contact').getAttribute('aria-pressed'), 'true');
    await panelB.getByTestId('verify-contact').click();
    await until(() => panelB.getByTestId('verify-state').textContent(), 'Verified');
    await panelA.locator('body').screenshot({ path: 'artifacts/e2e/e2e-dm-verified.png' });
    await pair.pageA.emulateMedia({ colorScheme: 'dark' });
    await panelA.locator('body').screenshot({ path: 'artifacts/e2e/e2e-dm-verified-dark.png' });
    await pair.pageA.emulateMedia({ colorScheme: 'light' });
  });

  it('keeps a DM for Bob while his browser is closed and delivers it when it starts again', async () => {
    const url = siteUrl('/article?scenario=e2e-dm');
    await bob.quit();
    // Bob's connection closed with his browser: Alice's view says he left the page.
    await panelA.getByTestId('dm-notice').waitFor({ timeout: 20_000 });
    const waiting = 'are you there? this waits for you';
    await panelA.getByTestId('dm-composer').fill(waiting);
    await panelA.getByTestId('dm-send').click();
    await until(() => deliveryOf(panelA, waiting), 'waiting');
    const mark = messageWith(panelA, waiting, 'dm-message').getByTestId('message-delivery');
    await expect(mark.getAttribute('title')).resolves.toBe('Waiting for Bob to come online');
    await panelA.locator('body').screenshot({ path: 'artifacts/e2e/e2e-dm-waiting.png' });

    bob = await launchUser('bob', undefined, bob.profile);
    // His browser fetches what waited as it starts, with no panel open: Alice sees it delivered.
    await until(() => deliveryOf(panelA, waiting), 'delivered', 20_000);

    const pageB = await bob.open(url);
    const panelB = await openPanel(bob, pageB);
    await member(panelB, idA).click();
    await until(() => dmTexts(panelB), ['hello Bob, just us', 'hi Alice', waiting]);
    await until(() => panelB.getByTestId('verify-state').textContent(), 'Verified');
  });
});
