/**
 * Issue #13, the panel's side of the inbox: the Messages view lists a conversation for both
 * people, with its unread count, and opens it; Back returns focus to the row it was opened from.
 */
import type { Frame } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { audit, describeViolations } from './support/axe.ts';
import { dmTexts, member, pairOn, people, sendDm, setName, siteUrl, until } from './support/panel.ts';

const users = people('ana', 'ben');

const row = (panel: Frame, id: string) => panel.locator(`[data-testid="dm-conversation"][data-user-id="${id}"]`);
const unreadOf = (panel: Frame, id: string): Promise<string | null> =>
  row(panel, id).getAttribute('data-unread', { timeout: 2000 });

async function expectAccessible(panel: Frame, state: string): Promise<void> {
  const { violations } = await audit(panel);
  expect(violations.length, describeViolations(state, violations)).toBe(0);
}

describe('the Messages view', () => {
  it('lists the conversation on both sides with its unread count, and opens it', async () => {
    const { panelA, panelB, idA, idB } = await pairOn(siteUrl('/article?scenario=inbox'), users.ana, users.ben);
    await setName(panelA, 'Ana');
    await setName(panelB, 'Ben');

    await sendDm(panelA, idB, 'hello from Ana');
    await until(() => dmTexts(panelA), ['hello from Ana']);

    // A first DM from Ana is a message request for Ben (issue #14); accepted, it is a conversation.
    await panelB.getByTestId('dm-inbox').click();
    await panelB.getByTestId('dm-accept').click();
    await until(() => unreadOf(panelB, idA), '0');
    await panelA.getByTestId('dm-composer').fill('are you there?');
    await panelA.getByTestId('dm-send').click();

    // Ben has not read it: his Messages view counts it, until he opens the conversation.
    await until(() => unreadOf(panelB, idA), '1');
    expect(await row(panelB, idA).textContent()).toContain('are you there?');
    await expectAccessible(panelB, 'messages-view');
    await row(panelB, idA).click();
    await until(() => dmTexts(panelB), ['hello from Ana', 'are you there?']);
    await expectAccessible(panelB, 'dm-from-messages');
    await panelB.getByRole('button', { name: 'Back to Messages' }).click();
    await until(() => unreadOf(panelB, idA), '0');
    await until(() => row(panelB, idA).evaluate((node) => node === document.activeElement), true);

    // Ana's own conversation is there too, her line marked as hers, and opens with the keyboard.
    await panelA.getByRole('button', { name: 'Back to the room' }).click();
    await panelA.getByTestId('dm-inbox').click();
    await until(() => unreadOf(panelA, idB), '0');
    expect(await row(panelA, idB).textContent()).toContain('You: are you there?');
    await row(panelA, idB).focus();
    await row(panelA, idB).press('Enter');
    await until(() => dmTexts(panelA), ['hello from Ana', 'are you there?']);
    await until(() => panelA.getByTestId('dm-composer').evaluate((node) => node === document.activeElement), true);
    await panelA.getByTestId('dm-composer').fill('and a second one');
    await panelA.getByTestId('dm-send').click();

    // In the room, Ben's chip for Ana counts it, from the same inbox.
    await panelB.getByRole('button', { name: 'Back to the room' }).click();
    await until(() => member(panelB, idA).textContent({ timeout: 2000 }), 'Ana1 unread');
  });
});
