/**
 * Issue #14's operator path in real Chromium: A reports B's room message from its tools, the
 * report reaches the relay's operator API, and an operator's delete removes the message from
 * A's, B's and C's panels at once ("Removed by a moderator"). On a relay of its own with an
 * ADMIN_TOKEN, as an operator runs it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startOwnRelay, type OwnRelay } from './support/own-relay.ts';
import {
  member,
  messageWith,
  openPanel,
  pairOn,
  people,
  pointAt,
  sayAccepted,
  selfId,
  setName,
  siteUrl,
  until,
} from './support/panel.ts';

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

  let reports: Array<{ id: string; room: string; messageId?: string; reported: string; reason: string }> = [];
  await until(async () => {
    reports = ((await (await admin('/reports')).json()) as { reports: typeof reports }).reports;
    return reports.length;
  }, 1);
  const [report] = reports;
  expect(report).toMatchObject({ reported: idB, reason: 'spam' });
  const removed = await admin(`/rooms/${report?.room}/messages/${report?.messageId}/delete`, {
    method: 'POST',
    body: '{}',
  });
  expect(removed.status).toBe(200);

  for (const panel of [panelA, panelB, panelC]) {
    await panel.getByText('Removed by a moderator').waitFor();
    expect(await panel.getByText('buy cheap pills').count()).toBe(0);
  }
  expect(await member(panelC, idB).count()).toBe(1);
  expect(await selfId(panelC)).not.toBe(idB);
});
