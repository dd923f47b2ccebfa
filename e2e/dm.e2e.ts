/**
 * Scenario 3 of issue #4: a private message between two people on a page reaches the one
 * it is sent to, and no one else on that page.
 */
import { describe, expect, it } from 'vitest';
import {
  people,
  dmTexts,
  member,
  memberIds,
  messageTexts,
  openPanel,
  sayAccepted,
  selfId,
  sendDm,
  setName,
  siteUrl,
  until,
} from './support/panel.ts';

const users = people('alice', 'bob', 'carol');

describe('a direct message', () => {
  it('reaches the person it is sent to, who can answer, and no one else on the page', async () => {
    const url = siteUrl('/article?scenario=3');
    const [pageA, pageB, pageC] = await Promise.all([
      users.alice.open(url),
      users.bob.open(url),
      users.carol.open(url),
    ]);
    const panelA = await openPanel(users.alice, pageA);
    await setName(panelA, 'Alice');
    const panelB = await openPanel(users.bob, pageB);
    await setName(panelB, 'Bob');
    const panelC = await openPanel(users.carol, pageC);
    await setName(panelC, 'Carol');
    const [idA, idB, idC] = [await selfId(panelA), await selfId(panelB), await selfId(panelC)];
    for (const panel of [panelA, panelB, panelC]) await until(() => memberIds(panel), [idA, idB, idC].sort());

    const secret = 'psst, Alice: this is only for you';
    await sendDm(panelB, idA, secret);
    await until(() => dmTexts(panelB), [secret]);

    // Alice is told: Bob's entry in her member list counts one unread message.
    await until(() => member(panelA, idB).textContent({ timeout: 2000 }), 'Bob1 unread');
    await member(panelA, idB).click();
    await until(() => dmTexts(panelA), [secret]);
    // Bob's first DM is a message request (issue #14): Alice accepts it to answer.
    await panelA.getByTestId('dm-accept').click();
    await panelA.getByTestId('dm-composer').fill('got it, Bob');
    await panelA.getByTestId('dm-send').click();
    await until(() => dmTexts(panelB), [secret, 'got it, Bob']);
    await until(() => dmTexts(panelA), [secret, 'got it, Bob']);

    // Carol's own accepted message comes after anything the server had for her.
    await sayAccepted(panelC, 'anyone here?');
    expect(await messageTexts(panelC)).toEqual(['anyone here?']);
    // Back in the room, Alice and Bob see the room's message and not their private ones.
    for (const panel of [panelA, panelB]) {
      await panel.getByRole('button', { name: 'Back to the room' }).click();
      await until(() => messageTexts(panel), ['anyone here?']);
    }
    const everythingCarolSees = (await panelC.locator('body').textContent()) ?? '';
    expect(everythingCarolSees).not.toContain(secret);
    expect(everythingCarolSees).not.toContain('got it, Bob');
    expect(everythingCarolSees).not.toMatch(/unread/);
    for (const id of [idA, idB]) {
      await member(panelC, id).click();
      await panelC.getByTestId('dm-composer').waitFor();
      expect(await dmTexts(panelC)).toEqual([]);
      await panelC.getByRole('button', { name: 'Back to the room' }).click();
    }
  });
});
