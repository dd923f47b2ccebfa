/** What a person does in the panel, as steps the scenarios share. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterEach, expect, inject } from 'vitest';
import { SITE_HOST } from './site.ts';
import type { User } from './browser.ts';

/** A page of the test site as reached in the browser (every host maps to loopback). */
export function siteUrl(path: string, host = SITE_HOST): string {
  return `http://${host}:${inject('sitePort')}${path}`;
}

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

export const memberNames = (panel: Frame): Promise<string[]> =>
  panel.getByTestId('member').evaluateAll((nodes) => nodes.map((node) => node.textContent ?? '').sort());

/** On a failed test, each user's screenshots and console go to artifacts/e2e/<test name>/<user>. */
export function keepArtifactsOnFailure(users: () => User[]): void {
  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    await Promise.all(users().map((user) => user.saveArtifacts(context.task.name)));
  });
}

const README_SCREENSHOT = 'docs/screenshots/two-users-chatting.png';

/**
 * The README's picture of two people chatting: written to artifacts/ on every run, and to
 * docs/ when it is missing or SAMEPAGE_SCREENSHOTS=1 (so a run does not dirty the tree).
 */
export async function saveReadmeScreenshot(page: Page): Promise<void> {
  const image = await page.screenshot();
  mkdirSync('artifacts/e2e', { recursive: true });
  writeFileSync('artifacts/e2e/two-users-chatting.png', image);
  if (existsSync(README_SCREENSHOT) && process.env.SAMEPAGE_SCREENSHOTS !== '1') return;
  mkdirSync(dirname(README_SCREENSHOT), { recursive: true });
  writeFileSync(README_SCREENSHOT, image);
}
