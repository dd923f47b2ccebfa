/**
 * Scenarios 2, 4 and 5 of issue #4: which room a page is in, and who is in it as people
 * arrive by different links, navigate in-page, close their tab or change their name.
 */
import { describe, expect, it } from 'vitest';
import {
  people,
  memberIds,
  memberNameOf,
  messageTexts,
  messagesOf,
  openPanel,
  pairOn,
  sayAccepted,
  selfId,
  setName,
  siteUrl,
  until,
} from './support/panel.ts';

import { SITE_HOST } from './support/site.ts';

const users = people('alice', 'bob', 'carol');

describe('the room of a page', () => {
  it('is the same through tracking parameters, a fragment or www., and another page has its own', async () => {
    const [pageA, pageB, pageC] = await Promise.all([
      users.alice.open(siteUrl('/article?scenario=2&utm_source=newsletter&utm_medium=email&utm_campaign=spring')),
      users.bob.open(siteUrl('/article?fbclid=IwAR2x7Yq&scenario=2#section')),
      users.carol.open(siteUrl('/article?scenario=2&gclid=Cj0KCQ', `www.${SITE_HOST}`)),
    ]);
    const panelA = await openPanel(users.alice, pageA);
    const panelB = await openPanel(users.bob, pageB);
    const panelC = await openPanel(users.carol, pageC);
    const everyone = [await selfId(panelA), await selfId(panelB), await selfId(panelC)].sort();
    expect(new Set(everyone).size).toBe(3);
    for (const panel of [panelA, panelB, panelC]) await until(() => memberIds(panel), everyone);

    await sayAccepted(panelC, 'one room for all three links');
    await until(() => messageTexts(panelA), ['one room for all three links']);
    await until(() => messageTexts(panelB), ['one room for all three links']);

    // Another page of the same site: Carol is alone there and reads nothing of the article's room.
    const otherPage = await users.carol.open(siteUrl('/other?scenario=2'));
    const otherPanel = await openPanel(users.carol, otherPage);
    await until(() => memberIds(otherPanel), [await selfId(otherPanel)]);
    expect(await messageTexts(otherPanel)).toEqual([]);
    // Carol is still on the article in her first tab.
    expect(await memberIds(panelA)).toEqual(everyone);
  });
});

describe('an in-page navigation', () => {
  it('moves the panel to the new address’s room: the old room sees the person leave', async () => {
    const [pageA, pageB, pageC] = await Promise.all([
      users.alice.open(siteUrl('/spa?scenario=4')),
      users.bob.open(siteUrl('/spa?scenario=4')),
      users.carol.open(siteUrl('/spa/inbox?scenario=4')),
    ]);
    const panelA = await openPanel(users.alice, pageA);
    const panelB = await openPanel(users.bob, pageB);
    const panelC = await openPanel(users.carol, pageC);
    const [idA, idB, idC] = [await selfId(panelA), await selfId(panelB), await selfId(panelC)];
    await until(() => memberIds(panelB), [idA, idB].sort());
    await until(() => memberIds(panelC), [idC]);

    // The app's own pushState, as a single-page app navigates.
    await pageA.click('#go');
    await pageA.waitForURL(siteUrl('/spa/inbox?scenario=4'));

    await until(() => memberIds(panelB), [idB]);
    // Alice has another id in the room she moved to (ids are per room, issue #15).
    await until(async () => (await memberIds(panelA)).length, 2);
    const idAThere = await selfId(panelA);
    expect(idAThere).not.toBe(idA);
    await until(() => memberIds(panelA), [idAThere, idC].sort());
    await until(() => memberIds(panelC), [idAThere, idC].sort());

    await sayAccepted(panelA, 'hello from the inbox');
    await until(() => messageTexts(panelC), ['hello from the inbox']);
    // Bob's own accepted message comes after anything the server had for him: nothing came from Alice.
    await sayAccepted(panelB, 'still at home');
    expect(await messageTexts(panelB)).toEqual(['still at home']);
    expect(await messageTexts(panelA)).toEqual(['hello from the inbox']);
  });
});

describe('presence', () => {
  it('tells the others when someone closes their tab', async () => {
    const { pageA, panelB, idB } = await pairOn(siteUrl('/article?scenario=5-close'), users.alice, users.bob);

    await pageA.close();
    await until(() => memberIds(panelB), [idB]);
  });

  it('shows a new name in the member list and on the next message', async () => {
    const url = siteUrl('/article?scenario=5-rename');
    const [pageA, pageB] = await Promise.all([users.alice.open(url), users.bob.open(url)]);
    const panelA = await openPanel(users.alice, pageA);
    await setName(panelA, 'Alice');
    const panelB = await openPanel(users.bob, pageB);
    const idA = await selfId(panelA);
    await until(() => memberNameOf(panelB, idA), 'Alice');

    await setName(panelA, 'Alice Liddell');
    await until(() => memberNameOf(panelB, idA), 'Alice Liddell');
    await sayAccepted(panelA, 'same person, new name');
    await until(() => messagesOf(panelB), [{ author: idA, name: 'Alice Liddell', text: 'same person, new name' }]);
  });
});

describe('the site room', () => {
  it('brings together people on different pages of one site, and shows who is typing', async () => {
    const [pageA, pageB] = await Promise.all([
      users.alice.open(siteUrl('/article?scenario=site')),
      users.bob.open(siteUrl('/other?scenario=site')),
    ]);
    const panelA = await openPanel(users.alice, pageA);
    const panelB = await openPanel(users.bob, pageB);
    const [idA, idB] = [await selfId(panelA), await selfId(panelB)];
    expect(await memberIds(panelA)).not.toContain(idB);

    await panelA.getByRole('button', { name: 'Site', exact: true }).click();
    await panelB.getByRole('button', { name: 'Site', exact: true }).click();
    // In the site room both have ids of that room (ids are per room, issue #15).
    await until(async () => (await memberIds(panelA)).length, 2);
    await until(async () => (await memberIds(panelB)).length, 2);
    const [siteIdA, siteIdB] = [await selfId(panelA), await selfId(panelB)];
    expect([siteIdA, siteIdB]).not.toContain(idA);
    await until(() => memberIds(panelA), [siteIdA, siteIdB].sort());
    await sayAccepted(panelA, 'hello, whole site');
    await until(() => messageTexts(panelB), ['hello, whole site']);

    await panelB.getByTestId('composer').pressSequentially('typing…', { delay: 20 });
    await until(() => panelA.locator('.typing').textContent(), `${await memberNameOf(panelA, siteIdB)} is typing…`);

    await panelA.getByRole('button', { name: 'Page', exact: true }).click();
    await until(() => memberIds(panelA), [idA]);
  });
});
