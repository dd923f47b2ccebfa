/** What a person does in the panel, as steps the scenarios share. */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Frame, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';
import { SITE_HOST } from './site.ts';
import { launchUser, type User } from './browser.ts';

/** A page of the test site as reached in the browser (every host maps to loopback). */
export function siteUrl(path: string, host = SITE_HOST): string {
  return `http://${host}:${inject('sitePort')}${path}`;
}

/** The pop-out of `user`'s extension for the page at `pageUrl`. */
export const popOutUrl = (user: User, pageUrl: string): string =>
  `chrome-extension://${user.extensionId}/panel.html?url=${encodeURIComponent(pageUrl)}`;

/** Waits until `read` gives `expected` (the panel updates asynchronously). */
export async function until<T>(read: () => Promise<T>, expected: T, timeout = 10_000): Promise<void> {
  await expect.poll(read, { timeout, interval: 50 }).toEqual(expected);
}

export const connectionOf = (panel: Frame): Promise<string | null> =>
  panel.getByTestId('connection').textContent({ timeout: 2000 });

/** Clicks the toolbar button on `page` and waits for the panel to be connected. */
export async function openPanel(user: User, page: Page): Promise<Frame> {
  await user.clickAction(page);
  const panel = await user.panel(page);
  await until(() => connectionOf(panel), 'connected');
  return panel;
}

/** Clicks the toolbar button on `page` to close its open panel, and waits for the panel to go. */
export async function closePanel(user: User, page: Page): Promise<void> {
  await user.clickAction(page);
  await until(async () => page.frames().some((frame) => frame.url().endsWith('/panel.html')), false);
}

export async function setName(panel: Frame, name: string): Promise<void> {
  const input = panel.getByTestId('name-input');
  if (!(await input.isVisible())) await panel.getByRole('button', { name: /name/i }).first().click();
  await input.fill(name);
  await input.press('Enter');
  await until(() => panel.getByTestId('name-input').isVisible(), false);
}

export async function say(panel: Frame, text: string): Promise<void> {
  await panel.getByTestId('composer').fill(text);
  await panel.getByTestId('send').click();
}

export const messageTexts = (panel: Frame): Promise<string[]> =>
  panel
    .getByTestId('message')
    .evaluateAll((nodes) =>
      nodes.map((node) => node.querySelector('.message-text')?.textContent ?? node.textContent ?? ''),
    );

export const memberIds = (panel: Frame): Promise<string[]> =>
  panel
    .getByTestId('member')
    .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-user-id') ?? '').sort());

/** The member list entry of user `id`. */
export const member = (panel: Frame, id: string): Locator =>
  panel.locator(`[data-testid="member"][data-user-id="${id}"]`);

/** The name `panel` shows for member `id` (the entry's own text, without "(you)" or a badge). */
export const memberNameOf = (panel: Frame, id: string): Promise<string> =>
  member(panel, id).evaluate((node) => (node.firstChild?.textContent ?? '').trim(), undefined, { timeout: 2000 });

/** The id of the person whose panel this is: their own entry in the member list. */
export async function selfId(panel: Frame): Promise<string> {
  const self = panel.getByTestId('member').filter({ hasText: '(you)' });
  await until(() => self.count(), 1);
  const id = await self.getAttribute('data-user-id');
  if (!id) throw new Error('the own member entry has no data-user-id');
  return id;
}

/** Room messages as author id, shown author name and text. */
export const messagesOf = (panel: Frame): Promise<Array<{ author: string; name: string; text: string }>> =>
  panel.getByTestId('message').evaluateAll((nodes) =>
    nodes.map((node) => ({
      author: node.getAttribute('data-author') ?? '',
      name: node.querySelector('.author')?.textContent ?? '',
      text: node.querySelector('.message-text')?.textContent ?? '',
    })),
  );

/** How many room messages with exactly `text` the panel shows. */
export const countOf = async (panel: Frame, text: string): Promise<number> =>
  (await messageTexts(panel)).filter((shown) => shown === text).length;

/** Two people on one page, each with the panel open. */
export interface Pair {
  pageA: Page;
  pageB: Page;
  panelA: Frame;
  panelB: Frame;
  idA: string;
  idB: string;
}

/**
 * `a` and `b` open `url` and then their panels, `a` first, and `b`'s member list shows both:
 * where most two-person scenarios start.
 */
export async function pairOn(url: string, a: User, b: User): Promise<Pair> {
  const [pageA, pageB] = await Promise.all([a.open(url), b.open(url)]);
  const panelA = await openPanel(a, pageA);
  const panelB = await openPanel(b, pageB);
  const [idA, idB] = [await selfId(panelA), await selfId(panelB)];
  await until(() => memberIds(panelB), [idA, idB].sort());
  return { pageA, pageB, panelA, panelB, idA, idB };
}

/**
 * Sends `text` to the room and waits until the server has accepted it (it left the outbox).
 * Anything the server sent this browser before that answer has reached the panel by then,
 * which makes it a barrier for checking that something did not arrive.
 */
export async function sayAccepted(panel: Frame, text: string): Promise<void> {
  await say(panel, text);
  const accepted = panel.getByTestId('message').filter({ hasText: text }).and(panel.locator(':not([data-state])'));
  await until(() => accepted.count(), 1);
}

export const dmTexts = (panel: Frame): Promise<string[]> =>
  panel
    .getByTestId('dm-message')
    .evaluateAll((nodes) => nodes.map((node) => node.querySelector('.message-text')?.textContent ?? ''));

/** Opens the private conversation with member `id` and sends `text` in it. */
export async function sendDm(panel: Frame, id: string, text: string): Promise<void> {
  await member(panel, id).click();
  // A first DM from someone never talked with is a message request (issue #14): answering accepts it.
  const accept = panel.getByTestId('dm-accept');
  await panel.getByTestId('dm-composer').or(accept).first().waitFor();
  if (await accept.isVisible()) await accept.click();
  await panel.getByTestId('dm-composer').fill(text);
  await panel.getByTestId('dm-send').click();
}

/**
 * Records every text the panel's connection status takes from now on (a MutationObserver in
 * the panel, so no state is missed between polls); returns the reader of the sequence.
 */
export async function recordConnection(panel: Frame): Promise<() => Promise<string[]>> {
  await panel.evaluate(() => {
    const status = (): string => document.querySelector('[data-testid="connection"]')?.textContent ?? '(none)';
    const seen = [status()];
    (globalThis as unknown as { connectionStates: string[] }).connectionStates = seen;
    new MutationObserver(() => {
      if (status() !== seen.at(-1)) seen.push(status());
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return () => panel.evaluate(() => [...(globalThis as unknown as { connectionStates: string[] }).connectionStates]);
}

/** Checks that `read` keeps giving `expected` for `ms` (for "exactly once": no late duplicate). */
export async function holds<T>(read: () => Promise<T>, expected: T, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    expect(await read()).toEqual(expected);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** On a failed test, each user's screenshots and console go to artifacts/e2e/<test name>/<user>. */
function keepArtifactsOnFailure(users: () => User[]): void {
  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    await Promise.all(users().map((user) => user.saveArtifacts(context.task.name)));
  });
}

/**
 * A picture of two people chatting, written to artifacts/ on every run. The README's own
 * (docs/screenshots/two-users-chatting.png) comes from `npm run screenshots` (scripts/screenshots.ts);
 * written from here only when it was missing, it had gone stale.
 */
export async function saveReadmeScreenshot(page: Page): Promise<void> {
  const image = await page.screenshot();
  mkdirSync('artifacts/e2e', { recursive: true });
  writeFileSync('artifacts/e2e/two-users-chatting.png', image);
}

/** Kills the relay as a crash would, or starts it again on the same data directory. */
export async function relay(action: 'kill' | 'start'): Promise<void> {
  const response = await fetch(`${inject('relayControlUrl')}/${action}`, { method: 'POST' });
  if (!response.ok) throw new Error(`relay ${action} failed: ${await response.text()}`);
}

/**
 * One browser per name for the tests of a file: launched before them, artifacts saved when a
 * test fails, closed after them. Read the users inside tests (they exist once launched).
 */
export function people<Name extends string>(...names: Name[]): Record<Name, User> {
  const users = {} as Record<Name, User>;
  beforeAll(async () => {
    const launched = await Promise.all(names.map((name) => launchUser(name)));
    names.forEach((name, index) => (users[name] = launched[index] as User));
  });
  keepArtifactsOnFailure(() => Object.values<User>(users));
  afterAll(async () => {
    await Promise.all(Object.values<User>(users).map((user) => user.close()));
  });
  return users;
}

/** The message (room `message` or DM `dm-message`) whose text starts with `text`. */
export const messageWith = (panel: Frame, text: string, testId: 'message' | 'dm-message' = 'message'): Locator =>
  panel.getByTestId(testId).filter({ has: panel.locator('.message-text', { hasText: text }) });

/** Each chip under the message with `text`, as emoji, count and whether it is ours. */
export const chipsOf = (
  panel: Frame,
  text: string,
  testId: 'message' | 'dm-message' = 'message',
): Promise<Array<{ emoji: string; count: string; pressed: string }>> =>
  messageWith(panel, text, testId)
    .getByTestId('reaction')
    .evaluateAll((nodes) =>
      nodes.map((node) => ({
        emoji: node.getAttribute('data-emoji') ?? '',
        count: node.getAttribute('data-count') ?? '',
        pressed: node.getAttribute('aria-pressed') ?? '',
      })),
    );

/** Presses Enter after each text, as fast as a person can: the order of quick sends. */
export async function typeQuickly(panel: Frame, texts: readonly string[], testId = 'composer'): Promise<void> {
  const composer = panel.getByTestId(testId);
  for (const text of texts) {
    await composer.fill(text);
    await composer.press('Enter');
  }
}

/**
 * Points at a message's top left corner, as a person reaching for its tools does: the tools of
 * the next message in a group, shown while focus is in it, cover this one's lower right part.
 */
export const pointAt = (message: Locator): Promise<void> => message.hover({ position: { x: 8, y: 4 } });

/** Deletes the message with `text` (its button, then the confirmation). */
export async function deleteMessage(panel: Frame, text: string, testId: 'message' | 'dm-message' = 'message') {
  const message = messageWith(panel, text, testId);
  await pointAt(message);
  await message.getByTestId('message-delete').click();
  await message.getByTestId('message-delete-confirm').click();
}

/** Edits the message with `text` into `next` (its button, then the composer). */
export async function editMessage(
  panel: Frame,
  text: string,
  next: string,
  testId: 'message' | 'dm-message' = 'message',
): Promise<void> {
  const message = messageWith(panel, text, testId);
  await pointAt(message);
  await message.getByTestId('message-edit').click();
  const composer = panel.getByTestId(testId === 'message' ? 'composer' : 'dm-composer');
  await until(() => composer.inputValue(), text);
  await composer.fill(next);
  await composer.press('Enter');
}

/** Replies `text` to the message that starts with `original`. */
export async function reply(
  panel: Frame,
  original: string,
  text: string,
  testId: 'message' | 'dm-message' = 'message',
): Promise<void> {
  const message = messageWith(panel, original, testId);
  await pointAt(message);
  await message.getByTestId('message-reply').click();
  await panel.getByTestId('reply-preview').waitFor();
  const composer = panel.getByTestId(testId === 'message' ? 'composer' : 'dm-composer');
  await composer.fill(text);
  await composer.press('Enter');
}
