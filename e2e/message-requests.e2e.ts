/**
 * Issue #14, message requests: a stranger's first DM waits in the inbox as a request, with no
 * notification and no badge; accepted, it is a conversation the person answers; declined, it
 * goes, and the sender is told nothing.
 */
import type { Frame } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { audit, describeViolations } from './support/axe.ts';
import { grantedBuild, type GrantedBuild } from './support/granted-build.ts';
import { launchUser, type User } from './support/browser.ts';
import { dmTexts, memberIds, openPanel, selfId, sendDm, setName, siteUrl, until } from './support/panel.ts';

interface WorkerGlobals {
  chrome: {
    notifications: { getAll(): Promise<Record<string, boolean>> };
    action: { getBadgeText(details: object): Promise<string> };
  };
}

let build: GrantedBuild;
const users: Partial<Record<'ana' | 'ben' | 'cat', User>> = {};

beforeAll(async () => {
  build = grantedBuild('requests', (manifest) => ({
    ...manifest,
    permissions: [...manifest.permissions, 'notifications'],
  }));
  users.ana = await launchUser('ana', build.dir);
  users.ben = await launchUser('ben');
  users.cat = await launchUser('cat');
});

afterAll(async () => {
  await Promise.all(Object.values(users).map((user) => user?.close()));
  build?.remove();
});

const request = (panel: Frame, id: string) => panel.locator(`[data-testid="dm-request"][data-user-id="${id}"]`);

async function shownAndBadge(user: User): Promise<[number, string]> {
  const worker = await user.worker();
  return worker.evaluate(async () => {
    const { chrome } = globalThis as unknown as WorkerGlobals;
    return [Object.keys(await chrome.notifications.getAll()).length, await chrome.action.getBadgeText({})];
  });
}

describe('message requests', () => {
  it("holds a stranger's first DM quietly as a request; accepted, it is answered; declined, it goes", async () => {
    const { ana, ben, cat } = users as Record<'ana' | 'ben' | 'cat', User>;
    const url = siteUrl('/article?scenario=requests');
    const [pageA, pageB, pageC] = await Promise.all([ana.open(url), ben.open(url), cat.open(url)]);
    const panelA = await openPanel(ana, pageA);
    await setName(panelA, 'Ana');
    const panelB = await openPanel(ben, pageB);
    await setName(panelB, 'Ben');
    const panelC = await openPanel(cat, pageC);
    await setName(panelC, 'Cat');
    const [idA, idB, idC] = [await selfId(panelA), await selfId(panelB), await selfId(panelC)];
    await until(() => memberIds(panelA), [idA, idB, idC].sort());

    // Ana looks at the room: Ben's DM would notify her and count on her badge, were it not a request.
    await sendDm(panelB, idA, 'hi Ana, loved your comment');
    await until(() => dmTexts(panelB), ['hi Ana, loved your comment']);
    await panelA.getByTestId('dm-inbox').click();
    await until(() => request(panelA, idB).count(), 1);
    expect(await panelA.getByRole('heading', { name: 'Message requests (1)' }).count()).toBe(1);
    expect(await request(panelA, idB).textContent()).toContain('hi Ana, loved your comment');
    expect(await shownAndBadge(ana)).toEqual([0, '']);
    // Accept, Decline and Block each readable (contrast included), as the person sees them.
    const audited = await audit(panelA);
    expect(audited.violations, describeViolations('a message request', audited.violations)).toEqual([]);
    mkdirSync('artifacts/e2e/message-requests', { recursive: true });
    await (await panelA.frameElement()).screenshot({ path: 'artifacts/e2e/message-requests/request.png' });

    // Opened, it is read-only until accepted; accepting gives the composer, and Ana answers.
    await request(panelA, idB).getByTestId('dm-request-open').click();
    await until(() => dmTexts(panelA), ['hi Ana, loved your comment']);
    expect(await panelA.getByTestId('dm-composer').count()).toBe(0);
    await panelA.getByTestId('dm-request-bar').getByTestId('dm-accept').click();
    await panelA.getByTestId('dm-composer').fill('thanks Ben!');
    await panelA.getByTestId('dm-send').click();
    await until(() => dmTexts(panelB), ['hi Ana, loved your comment', 'thanks Ben!']);

    // Cat's request is declined: it goes from Ana's inbox, and Cat is told nothing.
    await panelA.getByRole('button', { name: 'Back to Messages' }).click();
    await sendDm(panelC, idA, 'buy cheap watches');
    await until(() => request(panelA, idC).count(), 1);
    await request(panelA, idC).getByTestId('dm-decline').click();
    await until(() => request(panelA, idC).count(), 0);
    expect(await panelA.locator(`[data-testid="dm-conversation"][data-user-id="${idC}"]`).count()).toBe(0);
    expect(await panelA.locator(`[data-testid="dm-conversation"][data-user-id="${idB}"]`).count()).toBe(1);
    expect(await dmTexts(panelC)).toEqual(['buy cheap watches']);
    expect(await panelC.locator('[data-testid="dm-message"][data-state="failed"]').count()).toBe(0);
  });
});
