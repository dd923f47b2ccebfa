/**
 * The panel against axe-core's WCAG 2.0/2.1 A and AA rules in real Chromium, in the states a
 * person meets: two people in a room with grouped messages under a day, reactions and the
 * message tools, a reply and @ suggestions in the composer, the emoji picker, an edited and a
 * deleted message, a picture with its viewer and the gallery, an unread badge in the member
 * list, a DM, the pop-out (with the page's title, in light and dark), the options page (with
 * an error) and the privacy page (light and dark). Each state is also saved as
 * /tmp/shots/a11y-<state>.png.
 */
import { mkdirSync } from 'node:fs';
import type { Frame, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SETTLE_MS } from '../extension/panel/frame-visibility.ts';
import { audit, BEST_PRACTICE, describeViolations } from './support/axe.ts';
import {
  chipsOf,
  connectionOf,
  editMessage,
  member,
  messageWith,
  openPanel,
  pairOn,
  people,
  pointAt,
  popOutUrl,
  sayAccepted,
  setName,
  siteUrl,
  until,
  type Pair,
} from './support/panel.ts';
import { pastePicture } from './support/pictures.ts';

const SHOTS = '/tmp/shots';
const URL = siteUrl('/article?scenario=a11y');
const users = people('alice', 'bob');
let pair: Pair;

// In the first test rather than a hook: the panel helpers poll with expect, which needs a test.
let room: Promise<void> | undefined;
const inRoom = (): Promise<void> =>
  (room ??= (async () => {
    mkdirSync(SHOTS, { recursive: true });
    pair = await pairOn(URL, users.alice, users.bob);
    // A first run: the name prompt is what the new profile shows first.
    await pair.panelA.getByTestId('name-input').waitFor();
    await check(pair.panelA, pair.pageA, 'name-prompt');
    await setName(pair.panelA, 'Alice');
    await setName(pair.panelB, 'Bob');
    await sayAccepted(pair.panelA, 'hello, is anyone reading this too?');
    await sayAccepted(pair.panelA, 'the second part is the interesting one');
    await sayAccepted(pair.panelB, 'yes, I am on the second part now');
    await messageWith(pair.panelA, 'yes, I am on').waitFor();
  })());

/** The dialog the focus is in (its test id), and the focused element's text. */
const focusedIn = (panel: Frame): Promise<{ dialog: string | null; text: string }> =>
  panel.evaluate(() => ({
    dialog: document.activeElement?.closest('dialog')?.getAttribute('data-testid') ?? null,
    text: document.activeElement?.textContent?.trim() ?? '',
  }));

/**
 * Saves the page as it looks and expects no violation in its panel; `extraTags` adds rules
 * beyond WCAG where the panel is a page of its own (the pop-out, the options page).
 */
async function check(panel: Frame, page: Page, state: string, extraTags: readonly string[] = []): Promise<void> {
  const path = `${SHOTS}/a11y-${state}.png`;
  // The panel alone, where it is a frame in the page: its details are what a look checks.
  await (panel === page.mainFrame() ? page : await panel.frameElement()).screenshot({ path });
  const { passed, violations } = await audit(panel, extraTags);
  expect(violations.length, describeViolations(state, violations)).toBe(0);
  expect(passed).toBeGreaterThan(10);
  // A screenshot makes Chrome report the frame unseen for a moment, and the panel then waits for
  // its visibility to settle before it acts (frame-visibility.ts): the next step waits with it.
  await page.waitForTimeout(SETTLE_MS + 100);
}

describe('accessibility of the in-page panel', () => {
  it('a room with grouped messages from both under a day', async () => {
    await inRoom();
    await until(() => pair.panelB.locator('.rule.day').count(), 1);
    await check(pair.panelB, pair.pageB, 'room');
  });

  it('reactions as chips, and a message’s tools shown by focus', async () => {
    await inRoom();
    const { panelA, panelB } = pair;
    const text = 'hello, is anyone';
    const message = messageWith(panelB, text);
    await pointAt(message);
    await message.getByRole('button', { name: 'React with 👍' }).click();
    await until(async () => (await chipsOf(panelA, text)).length, 1);
    await messageWith(panelA, text).getByTestId('reaction').click();
    await until(() => chipsOf(panelB, text), [{ emoji: '👍', count: '2', pressed: 'true' }]);
    await messageWith(panelB, 'yes, I am on').getByTestId('message-reply').focus();
    await check(panelB, pair.pageB, 'reactions-and-tools');
  });

  it('a reply being written, with its preview above the composer', async () => {
    await inRoom();
    const { panelB } = pair;
    const message = messageWith(panelB, 'the second part is');
    await pointAt(message);
    await message.getByTestId('message-reply').click();
    await panelB.getByTestId('reply-preview').waitFor();
    await check(panelB, pair.pageB, 'reply-preview');
    await panelB.getByTestId('composer').fill('agreed, that part');
    await panelB.getByTestId('composer').press('Enter');
    await until(() => messageWith(panelB, 'agreed, that part').getByTestId('message-quote').count(), 1);
  });

  it('@ suggestions open under the composer', async () => {
    await inRoom();
    const composer = pair.panelA.getByTestId('composer');
    await composer.fill('');
    await composer.pressSequentially('look @B');
    await until(() => pair.panelA.getByTestId('mention-option').count(), 1);
    await check(pair.panelA, pair.pageA, 'mention-suggestions');
    await composer.fill('');
  });

  it('the emoji picker open', async () => {
    await inRoom();
    const { panelB } = pair;
    const message = messageWith(panelB, 'the second part is');
    await pointAt(message);
    await message.getByTestId('message-react').click();
    await until(async () => (await panelB.locator('emoji-picker button.emoji').count()) > 100, true, 15_000);
    await check(panelB, pair.pageB, 'emoji-picker');
    await panelB.page().keyboard.press('Escape');
    await until(() => panelB.getByRole('dialog').count(), 0);
  });

  it('an edited and a deleted message', async () => {
    await inRoom();
    const { panelA, panelB } = pair;
    await editMessage(panelA, 'the second part is the interesting one', 'the second part, edited');
    await sayAccepted(panelA, 'this one will go');
    const doomed = messageWith(panelA, 'this one will go');
    await pointAt(doomed);
    await doomed.getByTestId('message-delete').click();
    await check(panelA, pair.pageA, 'delete-confirmation');
    await doomed.getByTestId('message-delete-confirm').click();
    await until(() => panelB.getByTestId('message-deleted').count(), 1);
    await until(() => messageWith(panelB, 'the second part, edited').getByTestId('message-edited').count(), 1);
    await check(panelB, pair.pageB, 'edited-deleted');
  });

  it('a picture, its viewer and the gallery', async () => {
    await inRoom();
    const { panelA, panelB } = pair;
    await pastePicture(panelA);
    const image = panelB.getByTestId('message-image');
    await until(() => image.evaluate((node) => (node as HTMLImageElement).naturalWidth > 0), true, 20_000);
    await check(panelB, pair.pageB, 'image-message');

    await image.click();
    const viewer = panelB.getByTestId('image-viewer');
    await until(() => viewer.evaluate((node) => (node as HTMLDialogElement).open), true);
    await until(
      () => panelB.getByTestId('viewer-image').evaluate((node) => (node as HTMLImageElement).naturalWidth),
      900,
    );
    // A modal takes the focus in, and gives it back to what opened it when it closes.
    expect(await focusedIn(panelB)).toEqual({ dialog: 'image-viewer', text: 'Close' });
    await check(panelB, pair.pageB, 'image-viewer');
    await viewer.press('Escape');
    await until(() => viewer.evaluate((node) => (node as HTMLDialogElement).open), false);
    await until(() => focusedIn(panelB), { dialog: null, text: '' });
    expect(await image.evaluate((node) => node.closest('button') === document.activeElement)).toBe(true);

    await panelB.getByTestId('gallery-button').click();
    const gallery = panelB.getByTestId('image-gallery');
    await until(() => gallery.evaluate((node) => (node as HTMLDialogElement).open), true);
    await until(() => gallery.getByTestId('gallery-image').count(), 1);
    expect(await focusedIn(panelB)).toEqual({ dialog: 'image-gallery', text: 'Close' });
    await check(panelB, pair.pageB, 'image-gallery');
    await gallery.press('Escape');
    await until(() => gallery.evaluate((node) => (node as HTMLDialogElement).open), false);
    await until(() => focusedIn(panelB), { dialog: null, text: 'Images' });
  });

  it('the member list with an unread private message, then the DM', async () => {
    await inRoom();
    const { panelA, panelB, idA, idB } = pair;
    await member(panelA, idB).click();
    await panelA.getByTestId('dm-composer').fill('just between us');
    await panelA.getByTestId('dm-composer').press('Enter');
    await until(() => member(panelB, idA).locator('.badge').count(), 1);
    await check(panelB, pair.pageB, 'members-unread');

    await member(panelB, idA).click();
    await until(() => panelB.getByTestId('dm-message').count(), 1);
    // Alice's first DM is a message request (issue #14): Bob accepts it to answer.
    await panelB.getByTestId('dm-accept').click();
    await panelB.getByTestId('dm-composer').fill('agreed');
    await panelB.getByTestId('dm-composer').press('Enter');
    await until(() => panelA.getByTestId('dm-message').count(), 2);
    // Issue #15: the encryption details opened, so the safety number and its toggle are checked too.
    await panelB.getByTestId('dm-e2e').locator('summary').click();
    await panelB.getByTestId('safety-number').waitFor();
    await check(panelB, pair.pageB, 'dm');
    await panelB.getByRole('button', { name: /back/i }).click();
    await messageWith(panelB, 'yes, I am on').waitFor();
  });

  it('a name being changed', async () => {
    await inRoom();
    const { panelA } = pair;
    await panelA.getByRole('button', { name: 'Change name' }).click();
    await check(panelA, pair.pageA, 'name-form');
    await setName(panelA, 'Alice');
  });
});

describe('accessibility in the dark color scheme', () => {
  it('the room with chips, a quote, a picture and a message’s tools, the picker and @ suggestions', async () => {
    await inRoom();
    const { panelB, pageB } = pair;
    await pageB.emulateMedia({ colorScheme: 'dark' });
    // The panel follows the scheme (else this would check the light colors again).
    await until(
      () => panelB.evaluate(() => getComputedStyle(document.documentElement).backgroundColor),
      'rgb(27, 29, 33)',
    );
    await pageB.mouse.move(0, 0);
    await messageWith(panelB, 'yes, I am on').getByTestId('message-reply').focus();
    await check(panelB, pageB, 'dark-room');

    const message = messageWith(panelB, 'hello, is anyone');
    await pointAt(message);
    await message.getByTestId('message-react').click();
    await until(async () => (await panelB.locator('emoji-picker button.emoji').count()) > 100, true, 15_000);
    await check(panelB, pageB, 'dark-emoji-picker');
    await pageB.keyboard.press('Escape');
    await until(() => panelB.getByRole('dialog').count(), 0);

    const composer = panelB.getByTestId('composer');
    await composer.pressSequentially('@A');
    await until(() => panelB.getByTestId('mention-option').count(), 1);
    await check(panelB, pageB, 'dark-mention-suggestions');
    await composer.fill('');
  });
});

describe('accessibility of a quote from the page', () => {
  it('the quote above the composer, then in the message sent with it', async () => {
    const page = await users.alice.open(siteUrl('/long-article?scenario=a11y-quote'));
    const panel = await openPanel(users.alice, page);
    await page.locator('#early').click({ clickCount: 3 });
    await until(async () => (await page.locator('samepage-quote').count()) > 0, true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await panel.getByTestId('quote-preview').waitFor();
    await check(panel, page, 'quote-preview');
    await sayAccepted(panel, 'look at this line');
    await until(() => messageWith(panel, 'look at this line').getByTestId('page-quote').count(), 1);
    await check(panel, page, 'quote-message');
  });
});

describe('accessibility where there is no room', () => {
  it('a site that opted out, in the in-page panel', async () => {
    const page = await users.bob.open(siteUrl('/optout?scenario=a11y'));
    await users.bob.clickAction(page);
    const panel = await users.bob.panel(page);
    await panel.getByText(/This site asked not to host chat/).waitFor();
    await check(panel, page, 'opted-out');
  });

  it('a browser page, in the pop-out', async () => {
    const page = await users.bob.open(popOutUrl(users.bob, 'chrome://extensions/'));
    await page.getByText(/This page has no chat room/).waitFor();
    await check(page.mainFrame(), page, 'no-room', [BEST_PRACTICE]);
  });
});

describe('accessibility of the pop-out', () => {
  it('the room in a tab of its own', async () => {
    await inRoom();
    const tab = await users.alice.open(popOutUrl(users.alice, URL));
    await until(() => connectionOf(tab.mainFrame()), 'connected');
    await messageWith(tab.mainFrame(), 'yes, I am on').waitFor();
    await check(tab.mainFrame(), tab, 'pop-out', [BEST_PRACTICE]);
  });

  it('opened with the page’s title, as the in-page panel opens it, in light and dark', async () => {
    await inRoom();
    const title = 'An article — “quoted” & more';
    const tab = await users.alice.open(`${popOutUrl(users.alice, URL)}&title=${encodeURIComponent(title)}`);
    const frame = tab.mainFrame();
    await until(() => connectionOf(frame), 'connected');
    await messageWith(frame, 'yes, I am on').waitFor();
    // The page's words, marked as the page's: to a screen reader too.
    expect(await frame.getByTestId('page-title').textContent()).toBe(title);
    const heading = await frame.getByRole('heading', { level: 1 }).ariaSnapshot();
    expect(heading).toContain(`heading "Title supplied by the page: ${title}" [level=1]`);
    await check(frame, tab, 'pop-out-title', [BEST_PRACTICE]);
    await tab.emulateMedia({ colorScheme: 'dark' });
    await until(
      () => frame.evaluate(() => getComputedStyle(document.documentElement).backgroundColor),
      'rgb(27, 29, 33)',
    );
    await check(frame, tab, 'pop-out-title-dark', [BEST_PRACTICE]);
    await tab.close();
  });
});

describe('accessibility of the options page', () => {
  it('as it opens, and with a server address it refuses, tied to its field', async () => {
    const page = await users.alice.open(`chrome-extension://${users.alice.extensionId}/options.html`);
    const frame = page.mainFrame();
    const field = page.getByLabel('Server address');
    await field.waitFor();
    await check(frame, page, 'options', [BEST_PRACTICE]);

    // Not saved, so the relay the other tests use stays as it is.
    await field.fill('not a server');
    await page.getByRole('button', { name: 'Save' }).click();
    await until(() => field.getAttribute('aria-invalid'), 'true');
    const description = await field.evaluate((input) =>
      (input.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? `(no #${id})`),
    );
    expect(description).toHaveLength(2);
    expect(description[0]).toBe(await page.locator('.form-error').textContent());
    await check(frame, page, 'options-error', [BEST_PRACTICE]);
    await page.emulateMedia({ colorScheme: 'dark' });
    await check(frame, page, 'options-error-dark', [BEST_PRACTICE]);
    await page.close();
  });
});

describe('accessibility of the privacy page', () => {
  it('in light and dark', async () => {
    const page = await users.alice.open(`chrome-extension://${users.alice.extensionId}/privacy.html`);
    await page.getByTestId('privacy-relay').waitFor();
    await check(page.mainFrame(), page, 'privacy', [BEST_PRACTICE]);
    await page.emulateMedia({ colorScheme: 'dark' });
    await until(
      () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor),
      'rgb(27, 29, 33)',
    );
    await check(page.mainFrame(), page, 'privacy-dark', [BEST_PRACTICE]);
    await page.close();
  });
});

describe('accessibility while the relay cannot be reached', () => {
  it('the status says so, and a message waits in the list', async () => {
    await inRoom();
    const { panelB, pageB } = pair;
    // Back in front of the tabs the tests without a room opened, so it paints for the shot.
    await pageB.bringToFront();
    await pageB.emulateMedia({ colorScheme: 'light' });
    // Nothing listens on the discard port: the hub keeps trying, the panel says so.
    await users.bob.useRelay('http://127.0.0.1:9');
    await until(async () => (await connectionOf(panelB)) !== 'connected', true);
    await panelB.getByTestId('composer').fill('written while away');
    await panelB.getByTestId('send').click();
    await until(() => messageWith(panelB, 'written while away').getAttribute('data-state'), 'pending');
    await check(panelB, pageB, 'offline-pending');
  });
});
