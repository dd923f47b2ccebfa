/**
 * `npm run screenshots`: the store's screenshots (store/screenshots/, 1280×800) and the README's
 * (docs/screenshots/two-users-chatting.png), taken of the real panel in real Chromium with the
 * end-to-end suite's harness: the extension built for a real relay on a free port, three people
 * in browsers of their own on one article, chatting, reacting, replying and sending DMs.
 *
 * Needs what `npm run setup:test` installs (Debian's chromium) and a colour emoji font
 * (`apt-get install fonts-noto-color-emoji`), without which reactions would be empty boxes.
 * Chromium sends the relay's and the article's host names to their loopback ports, so the panel
 * shows the relay as README's example does (`relay.example.org`) rather than `127.0.0.1:<port>`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { launchUser, type User } from '../e2e/support/browser.ts';
import { startRelayProcess } from '../e2e/support/relay-process.ts';
import { freePort } from '../server/tests/process.ts';

const RELAY_HOST = 'relay.example.org';
const SITE_HOST = 'harbour-news.example';
const STORE_DIR = 'store/screenshots';
const README_SHOT = 'docs/screenshots/two-users-chatting.png';

const emojiFont = spawnSync('fc-list', [':charset=1f44d', 'family'], { encoding: 'utf8' });
if (!emojiFont.stdout?.trim()) {
  console.error(
    'No colour emoji font: reactions would be empty boxes. Install one: apt-get install fonts-noto-color-emoji',
  );
  process.exit(1);
}

const ARTICLE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>The last keepers of Hook Head</title>
<style>
  body { margin: 0; font: 18px/1.6 Georgia, 'DejaVu Serif', serif; color: #1d1d1f; background: #fbfaf7; }
  header { display: flex; justify-content: space-between; align-items: center; padding: 14px 40px;
    background: #14324a; color: #fff; font: 600 17px/1 'DejaVu Sans', sans-serif; letter-spacing: .02em; }
  header nav { font-weight: 400; font-size: 15px; opacity: .85; }
  header nav span { margin-left: 22px; }
  main { max-width: 680px; margin: 36px 40px; }
  .kicker { font: 600 13px/1 'DejaVu Sans', sans-serif; text-transform: uppercase; letter-spacing: .08em; color: #b3541e; }
  h1 { font-size: 40px; line-height: 1.15; margin: 12px 0 10px; }
  .byline { font: 14px/1.4 'DejaVu Sans', sans-serif; color: #5f6368; margin-bottom: 22px; }
  figure { margin: 0 0 22px; height: 170px; border-radius: 6px;
    background: linear-gradient(180deg, #9cc3de 0%, #dbe9f2 55%, #4f7f9c 56%, #2f5b76 100%); position: relative; }
  figure::after { content: ''; position: absolute; left: 46%; bottom: 44%; width: 26px; height: 78px;
    background: repeating-linear-gradient(180deg, #fff 0 13px, #c0392b 13px 26px); border-radius: 4px 4px 0 0; }
</style></head><body>
<header>Harbour News<nav><span>Coast</span><span>Travel</span><span>History</span></nav></header>
<main>
  <div class="kicker">Travel · History</div>
  <h1>The last keepers of Hook Head</h1>
  <div class="byline">By Aoife Byrne · 6 min read</div>
  <figure aria-hidden="true"></figure>
  <p>For eight hundred years a light has burned on the tip of the Hook peninsula. Monks kept it first,
  then a line of keepers who climbed 115 steps every evening to trim the wick.</p>
  <p>The light runs itself now, but the tower is open to visitors, and on a clear day you can see
  across the estuary to the Waterford coast.</p>
</main>
</body></html>`;

/** Waits until `check` holds, polling; throws with `what` after `timeout` ms. */
async function until(what: string, check: () => Promise<boolean>, timeout = 15_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await check().catch(() => false))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Clicks the toolbar button on `page`, waits for the panel to be connected, and sets the name. */
async function openPanel(user: User, page: Page, name: string): Promise<Frame> {
  await user.clickAction(page);
  const panel = await user.panel(page);
  await until(
    `${name}'s panel to connect`,
    async () => (await panel.getByTestId('connection').textContent()) === 'connected',
  );
  const input = panel.getByTestId('name-input');
  if (!(await input.isVisible())) await panel.getByRole('button', { name: /name/i }).first().click();
  await input.fill(name);
  await input.press('Enter');
  await until(`${name}'s name to be taken`, async () => !(await input.isVisible()));
  return panel;
}

const messageWith = (panel: Frame, text: string, testId = 'message'): Locator =>
  panel.getByTestId(testId).filter({ has: panel.locator('.message-text', { hasText: text }) });

/** Sends `text` to the room (or the open DM) and waits until the relay has accepted it. */
async function say(panel: Frame, text: string, dm = false): Promise<void> {
  await panel.getByTestId(dm ? 'dm-composer' : 'composer').fill(text);
  await panel.getByTestId(dm ? 'dm-send' : 'send').click();
  const accepted = messageWith(panel, text, dm ? 'dm-message' : 'message').and(panel.locator(':not([data-state])'));
  await until(`"${text}" to be accepted`, async () => (await accepted.count()) === 1);
}

/** The member list entry of the person with `id`. */
const member = (panel: Frame, id: string): Locator => panel.locator(`[data-testid="member"][data-user-id="${id}"]`);

/** The id of the person whose panel this is: their own entry in the member list. */
async function selfId(panel: Frame): Promise<string> {
  const id = await panel.getByTestId('member').filter({ hasText: '(you)' }).getAttribute('data-user-id');
  if (!id) throw new Error('the own member entry has no data-user-id');
  return id;
}

async function seen(panel: Frame, text: string, testId = 'message'): Promise<void> {
  await until(`"${text}" to arrive`, async () => (await messageWith(panel, text, testId).count()) === 1);
}

async function react(panel: Frame, text: string, emoji: string): Promise<void> {
  const message = messageWith(panel, text);
  await message.hover({ position: { x: 8, y: 4 } });
  await message.getByRole('button', { name: `React with ${emoji}` }).click();
}

/**
 * A 1280×800 PNG of `page` as it is, quantized to stay small. The pointer rests on an empty part
 * of the panel first: the panel hears no pointer that leaves for the page, and a message it last
 * pointed at would keep its tools showing.
 */
async function shoot(page: Page, path: string): Promise<void> {
  await page.mouse.move(1100, 680, { steps: 5 });
  await page.waitForTimeout(400);
  const png = await sharp(await page.screenshot())
    .png({ palette: true, colours: 256, effort: 10, compressionLevel: 9 })
    .toBuffer();
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, png);
  console.log(`${path}  ${(png.length / 1024).toFixed(0)} KiB`);
}

const relayPort = await freePort();
const dataDir = mkdtempSync(join(tmpdir(), 'samepage-screenshots-'));
execFileSync('npx', ['wxt', 'build'], {
  stdio: 'inherit',
  env: { ...process.env, WXT_SERVER_URL: `http://${RELAY_HOST}` },
});
const relay = await startRelayProcess(relayPort, dataDir);
const site = createServer((_request, response) =>
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(ARTICLE),
);
await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
const sitePort = (site.address() as AddressInfo).port;
const hostRules = `MAP ${RELAY_HOST} 127.0.0.1:${relayPort}, MAP ${SITE_HOST} 127.0.0.1:${sitePort}, MAP * 127.0.0.1`;
const url = `http://${SITE_HOST}/travel/hook-head-lighthouse`;
const launch = (name: string) =>
  launchUser(name, undefined, mkdtempSync(join(tmpdir(), `samepage-screenshots-${name}-`)), hostRules);
const [maya, jonas, priya] = await Promise.all([launch('maya'), launch('jonas'), launch('priya')]);

try {
  const [pageM, pageJ] = await Promise.all([maya.open(url), jonas.open(url)]);
  const panelM = await openPanel(maya, pageM, 'Maya');
  const panelJ = await openPanel(jonas, pageJ, 'Jonas');

  // Two people: the README's picture.
  await say(panelM, 'Has anyone here climbed the tower? Is it worth the trip?');
  await seen(panelJ, 'Has anyone here climbed');
  await say(panelJ, 'I did last summer! All 115 steps, and the view across the estuary is something else.');
  await seen(panelM, 'All 115 steps');
  await shoot(pageJ, README_SHOT);

  // A third arrives: the room, with a reaction and a reply.
  const pageP = await priya.open(url);
  const panelP = await openPanel(priya, pageP, 'Priya');
  await seen(panelP, 'All 115 steps');
  await react(panelM, 'All 115 steps', '😮');
  await react(panelP, 'All 115 steps', '👍');
  await say(panelP, 'Go early, the 10 am tour is the quietest. Bring a jacket, it is windy up there 🌬️');
  await seen(panelJ, 'Go early');
  const original = messageWith(panelJ, 'Go early');
  await original.hover({ position: { x: 8, y: 4 } });
  await original.getByTestId('message-reply').click();
  await panelJ.getByTestId('composer').fill('Good tip. The café at the bottom does great scones too.');
  await panelJ.getByTestId('composer').press('Enter');
  await seen(panelM, 'The café at the bottom');
  await react(panelM, 'The café at the bottom', '❤️');
  await until('the reactions to arrive', async () => (await panelJ.getByTestId('reaction').count()) === 3);
  await shoot(pageJ, join(STORE_DIR, '1-chat-on-the-page.png'));

  // A DM, end-to-end encrypted: Maya writes to Jonas, who accepts and answers.
  const [mayaId, jonasId] = await Promise.all([selfId(panelM), selfId(panelJ)]);
  await member(panelM, jonasId).click();
  await panelM.getByTestId('dm-composer').waitFor();
  await say(panelM, 'Are you going again this spring? Would be fun to go together.', true);
  await member(panelJ, mayaId).click();
  const accept = panelJ.getByTestId('dm-accept');
  await until('the DM to reach Jonas', () => accept.isVisible());
  await accept.click();
  await seen(panelJ, 'Are you going again', 'dm-message');
  await say(panelJ, 'Yes, in April. Let us pick a clear day.', true);
  await seen(panelM, 'in April', 'dm-message');
  await shoot(pageJ, join(STORE_DIR, '2-private-message.png'));

  // The Messages list: Priya writes to Jonas too; he looks at his conversations.
  await member(panelP, jonasId).click();
  await panelP.getByTestId('dm-composer').waitFor();
  await say(panelP, 'Hi Jonas, do you know if the tower is open in winter?', true);
  await panelJ.getByTestId('dm-back').click();
  await panelJ.getByTestId('dm-inbox').click();
  await until(
    'both conversations in the list',
    async () => (await panelJ.getByText('do you know if the tower').count()) > 0,
  );
  await shoot(pageJ, join(STORE_DIR, '3-conversations.png'));
} finally {
  await Promise.all([maya, jonas, priya].map((user) => user.close()));
  await relay.close();
  await new Promise((resolve) => site.close(resolve));
  rmSync(dataDir, { recursive: true, force: true });
}
