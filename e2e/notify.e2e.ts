/**
 * Issue #13, "notifies them if they opted in": a DM to someone whose panel is closed becomes a
 * notification of their browser, and "do not disturb" silences it. The permission is optional
 * and asked for on the person's click, which headless Chromium cannot answer; so Bob's copy of
 * the build holds `notifications` in its manifest, as his "Allow" would grant it. Everything
 * after the grant runs for real.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchUser, type User } from './support/browser.ts';
import { grantedBuild, type GrantedBuild } from './support/granted-build.ts';
import {
  closePanel,
  dmTexts,
  holds,
  memberIds,
  openPanel,
  selfId,
  sendDm,
  setName,
  siteUrl,
  until,
} from './support/panel.ts';

/** What this test reads in the extension's service worker (this project has no Chrome types). */
interface WorkerGlobals {
  chrome: {
    notifications: { getAll(): Promise<Record<string, boolean>>; clear(id: string): Promise<boolean> };
    storage: { local: { set(items: Record<string, unknown>): Promise<void> } };
  };
}

let build: GrantedBuild;
let alice: User;
let bob: User;

beforeAll(async () => {
  build = grantedBuild('notify', (manifest) => ({
    ...manifest,
    permissions: [...manifest.permissions, 'notifications'],
  }));
  [alice, bob] = await Promise.all([launchUser('alice'), launchUser('bob', build.dir)]);
});

afterAll(async () => {
  await Promise.all([alice.close(), bob.close()]);
  build.remove();
});

async function shown(user: User): Promise<string[]> {
  const worker = await user.worker();
  return Object.keys(
    await worker.evaluate(() => (globalThis as unknown as WorkerGlobals).chrome.notifications.getAll()),
  );
}

async function clearAll(user: User): Promise<void> {
  const worker = await user.worker();
  await worker.evaluate(async () => {
    const { notifications } = (globalThis as unknown as WorkerGlobals).chrome;
    for (const id of Object.keys(await notifications.getAll())) await notifications.clear(id);
  });
}

describe('notifications, once allowed', () => {
  it('tell of a DM nobody is looking at, and keep quiet under do not disturb', async () => {
    const url = siteUrl('/article?scenario=notify');
    const [pageA, pageB] = await Promise.all([alice.open(url), bob.open(url)]);
    const panelA = await openPanel(alice, pageA);
    await setName(panelA, 'Alice');
    const panelB = await openPanel(bob, pageB);
    await setName(panelB, 'Bob');
    const [idA, idB] = [await selfId(panelA), await selfId(panelB)];
    await until(() => memberIds(panelA), [idA, idB].sort());

    await sendDm(panelA, idB, 'are you around?');
    await until(() => dmTexts(panelA), ['are you around?']);
    // A stranger's first DM is a quiet message request (issue #14): Bob accepts it.
    await panelB.getByTestId('dm-inbox').click();
    await panelB.getByTestId('dm-accept').click();
    await panelB.locator('[data-testid="dm-conversation"]').waitFor();
    await closePanel(bob, pageB);
    await clearAll(bob);

    await panelA.getByTestId('dm-composer').fill('the second part is the interesting one');
    await panelA.getByTestId('dm-send').click();
    await until(async () => (await shown(bob)).length, 1);

    await clearAll(bob);
    const worker = await bob.worker();
    await worker.evaluate(() =>
      (globalThis as unknown as WorkerGlobals).chrome.storage.local.set({ doNotDisturb: true }),
    );
    await panelA.getByTestId('dm-composer').fill('one more thing');
    await panelA.getByTestId('dm-send').click();
    await until(() => dmTexts(panelA), ['are you around?', 'the second part is the interesting one', 'one more thing']);
    await holds(() => shown(bob), [], 1500);
  });
});
