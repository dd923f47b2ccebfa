/**
 * Issue #14's operator path in real Chromium: A reports B's room message from its tools, the
 * report reaches the relay's operator (API and console), the operator deletes it from the
 * console, which removes the message from A's, B's and C's panels at once ("Removed by a
 * moderator"), then bans B, whose panel says so. On a relay of its own with an ADMIN_TOKEN, as
 * an operator runs it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { audit, BEST_PRACTICE, describeViolations } from './support/axe.ts';
import { startOwnRelay, type OwnRelay } from './support/own-relay.ts';
import {
  member,
  messageWith,
  openPanel,
  pairOn,
  people,
  pointAt,
  sayAccepted,
  setName,
  siteUrl,
  until,
} from './support/panel.ts';

const SHOTS = join(process.cwd(), 'artifacts/e2e/moderation');

async function shot(panel: Frame, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await (await panel.frameElement()).screenshot({ path: join(SHOTS, `${name}.png`) });
}

const ADMIN_TOKEN = 'e2e-operator-token-0123456789abcdef0123';
const users = people('alice', 'bob', 'carol');
let relay: OwnRelay;

beforeAll(async () => {
  relay = await startOwnRelay({
    adminToken: ADMIN_TOKEN,
    newcomerMinutes: 0,
    newIdentitiesPerIp: 0,
    maxConnectionsPerIp: 0,
    renamesPerMinute: 0,
  });
  await Promise.all(Object.values(users).map((user) => user.useRelay(relay.url)));
});

afterAll(async () => {
  await relay.close();
});

async function admin(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${relay.url}/admin/api${path}`, {
    ...init,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', ...init.headers },
  });
}

it('A reports B’s message; an operator deletes it from A’s, B’s and C’s panels', async () => {
  const url = siteUrl('/article?scenario=moderation');
  const { panelA, panelB, idB } = await pairOn(url, users.alice, users.bob);
  const panelC = await openPanel(users.carol, await users.carol.open(url));
  await setName(panelB, 'Bob');
  await sayAccepted(panelB, 'buy cheap pills at spam.example');
  for (const panel of [panelA, panelC]) await messageWith(panel, 'buy cheap pills').waitFor();

  const message = messageWith(panelA, 'buy cheap pills');
  await pointAt(message);
  await message.getByTestId('more-actions').click();
  await panelA.getByTestId('report-message').click();
  await panelA.getByTestId('report-reason').selectOption('spam');
  await panelA.getByTestId('report-submit').click();
  await panelA.getByText('Report sent').waitFor();

  let reports: Array<{
    id: string;
    room: string;
    messageId?: string;
    reported: string;
    reason: string;
    message?: { from: { id: string } };
  }> = [];
  await until(async () => {
    reports = ((await (await admin('/reports')).json()) as { reports: typeof reports }).reports;
    return reports.length;
  }, 1);
  const [report] = reports;
  // The relay files the report under the person; the message names them by their id in this room.
  expect(report).toMatchObject({ reason: 'spam', messageId: expect.any(String), message: { from: { id: idB } } });
  expect(report?.reported).not.toBe(idB);

  // The operator acts from the console, as a person: sign in, find the report, delete.
  const started = Date.now();
  const desk = await users.carol.open(`${relay.url}/admin`);
  desk.on('dialog', (dialog) => void dialog.accept());
  await desk.getByLabel('Admin token').fill(ADMIN_TOKEN);
  await desk.getByLabel(/Your name/).fill('Olga');
  await desk.getByRole('button', { name: 'Sign in' }).click();
  const listed = desk.locator('#report-list > li', { hasText: 'buy cheap pills' });
  await listed.waitFor();
  const audited = await audit(desk.mainFrame(), [BEST_PRACTICE]);
  expect(audited.passed).toBeGreaterThan(10);
  expect(audited.violations, describeViolations('the console', audited.violations)).toEqual([]);
  await listed.getByRole('button', { name: 'Delete message' }).click();
  await desk.getByRole('status').filter({ hasText: 'Message removed for everyone.' }).waitFor();
  for (const panel of [panelA, panelB, panelC]) {
    await panel.getByText('Removed by a moderator').waitFor();
    expect(await panel.getByText('buy cheap pills').count()).toBe(0);
  }
  await shot(panelC, 'removed');
  const tookMs = Date.now() - started;
  expect(tookMs).toBeLessThan(60_000);

  // A ban from the same report closes Bob's connection at once, with words in his panel.
  // The only report, whose text now reads as removed.
  const only = desk.locator('#report-list > li');
  expect(await only.count()).toBe(1);
  await only.getByLabel('Reason').fill('selling pills');
  await only.getByRole('button', { name: 'Ban user' }).click();
  await desk.getByRole('status').filter({ hasText: 'connections closed: 1' }).waitFor();
  await until(() => panelB.getByTestId('connection').textContent(), 'offline');
  await until(
    async () =>
      /^You are banned from this relay until .+ \(selling pills\)$/.test(
        (await panelB.getByTestId('connection-detail').textContent()) ?? '',
      ),
    true,
  );
  await shot(panelB, 'banned');
  await desk.screenshot({ path: join(SHOTS, 'console.png'), fullPage: true });
  expect(await member(panelC, idB).count()).toBe(0);
  const log = ((await (await admin('/audit')).json()) as { entries: Array<{ actor: string; action: string }> }).entries;
  expect(log.map(({ action }) => action)).toEqual(['ban.add', 'message.delete']);
  expect(log[0]?.actor).toMatch(/^Olga /);
});
