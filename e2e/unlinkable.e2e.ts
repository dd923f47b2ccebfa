/**
 * Issue #15 in real Chromium: identities that cannot be linked across rooms. Eve, an observer,
 * sits on two pages where Alice and Bob also are: each page's member list shows them by ids of
 * its own, with nothing in common between the two. Alice's DMs and blocks still work: Bob's DM
 * on the second page reaches her, and a block she makes from his message on the first page
 * holds on the second, where his DM to her reaches nothing yet shows him delivered, as on the
 * first: nothing he sees tells that the two Alices are one person who blocked him.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { User } from './support/browser.ts';
import {
  closePanel,
  dmTexts,
  holds,
  member,
  memberIds,
  messageWith,
  openPanel,
  people,
  sayAccepted,
  selfId,
  sendDm,
  setName,
  siteUrl,
  until,
} from './support/panel.ts';

const SHOTS = join(process.cwd(), 'artifacts/e2e/unlinkable');
const users = people('alice', 'bob', 'eve');

async function shot(panel: Frame, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await (await panel.frameElement()).screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** Everyone opens `url` and its panel, with a name; answers each one's page, panel and own id there. */
async function everyoneOn(url: string) {
  const opened: Record<string, { page: Page; panel: Frame; id: string }> = {};
  for (const [name, user] of Object.entries(users) as Array<[string, User]>) {
    const page = await user.open(url);
    const panel = await openPanel(user, page);
    await setName(panel, name[0]?.toUpperCase() + name.slice(1));
    opened[name] = { page, panel, id: await selfId(panel) };
  }
  const ids = Object.values(opened).map(({ id }) => id);
  for (const { panel } of Object.values(opened)) await until(() => memberIds(panel), [...ids].sort());
  return opened as Record<keyof typeof users, { page: Page; panel: Frame; id: string }>;
}

describe('identities that cannot be linked across pages', () => {
  it('shows Alice by unrelated ids on two pages, while her DMs and blocks work', { timeout: 120_000 }, async () => {
    const onA = await everyoneOn(siteUrl('/article?scenario=unlinkable-a'));
    const onB = await everyoneOn(siteUrl('/article?scenario=unlinkable-b'));

    // What Eve sees on each page has nothing in common: not Alice's id, not Bob's, not her own.
    const [seenOnA, seenOnB] = [await memberIds(onA.eve.panel), await memberIds(onB.eve.panel)];
    expect(seenOnA).toHaveLength(3);
    expect(seenOnB).toHaveLength(3);
    expect(seenOnA.filter((id) => seenOnB.includes(id))).toEqual([]);
    expect(onA.alice.id).not.toBe(onB.alice.id);
    await shot(onA.eve.panel, 'eve-on-page-a');
    await shot(onB.eve.panel, 'eve-on-page-b');

    // Bob's DM on page B reaches Alice there, addressed by her id on that page.
    await sendDm(onB.bob.panel, onB.alice.id, 'hello on page b');
    await until(() => member(onB.alice.panel, onB.bob.id).textContent({ timeout: 2000 }), 'Bob1 unread');
    await member(onB.alice.panel, onB.bob.id).click();
    await until(() => dmTexts(onB.alice.panel), ['hello on page b']);
    await shot(onB.alice.panel, 'alice-dm-on-page-b');
    await onB.alice.panel.getByRole('button', { name: 'Back to the room' }).click();

    // Alice blocks Bob from his message on page A...
    await onA.alice.page.bringToFront();
    await sayAccepted(onA.bob.panel, 'hi from Bob on page a');
    const message = messageWith(onA.alice.panel, 'hi from Bob on page a');
    await message.hover();
    await message.getByTestId('more-actions').click();
    await onA.alice.panel.getByTestId('block-user').click();
    await onA.alice.panel.getByTestId('block-confirm').click();

    // ...and on page B, where he has another id, his DM to her reaches nothing all the same,
    // while his panel, asking again as it opens, offers the DM and marks it delivered.
    await closePanel(users.bob, onB.bob.page);
    const bobOnB = await openPanel(users.bob, onB.bob.page);
    await sendDm(bobOnB, onB.alice.id, 'still there on page b?');
    await until(
      () => messageWith(bobOnB, 'still there on page b?', 'dm-message').getAttribute('data-delivery'),
      'delivered',
      15_000,
    );
    await shot(bobOnB, 'bob-dm-not-told-on-page-b');
    await member(onB.alice.panel, onB.bob.id).click();
    await holds(() => dmTexts(onB.alice.panel), ['hello on page b'], 1500);
  });
});
