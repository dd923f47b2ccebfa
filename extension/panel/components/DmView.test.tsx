import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { userTag } from '../../../protocol/index.ts';
import { ALICE, BOB, CYRILLIC_SAM, PAGE_ROOM, SAM, direct } from '../testing/fixtures.ts';
import { acting, renderInRoom, tagged } from '../testing/render-panel.tsx';

async function openBob(): Promise<void> {
  const bob = screen.getAllByTestId('member').find((element) => element.getAttribute('data-user-id') === BOB.id);
  await acting(() => fireEvent.click(bob as HTMLElement));
}

describe('DM view', () => {
  it('opens from the member list, sends, and goes back to the room', async () => {
    const { hub } = await renderInRoom();
    await openBob();
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Private with Bob');
    expect(screen.queryByTestId('composer')).toBeNull();

    await acting(() => fireEvent.input(screen.getByTestId('dm-composer'), { target: { value: 'just you' } }));
    await acting(() => fireEvent.click(screen.getByTestId('dm-send')));
    const request = hub.next('message:post');
    expect(request.payload).toMatchObject({ room: PAGE_ROOM, to: BOB.id, kind: 'text', body: { text: 'just you' } });
    expect(screen.getByTestId('dm-message').getAttribute('data-state')).toBe('pending');

    await acting(() =>
      request.answer({ ok: true, message: direct(ALICE, BOB, 'just you', { clientId: request.payload.clientId }) }),
    );
    const sent = screen.getByTestId('dm-message');
    expect(sent.getAttribute('data-author')).toBe(ALICE.id);
    expect(sent.hasAttribute('data-state')).toBe(false);

    await acting(() => fireEvent.click(screen.getByRole('button', { name: 'Back to the room' })));
    expect(screen.getByTestId('composer')).toBeTruthy();
    expect(screen.queryByTestId('dm-message')).toBeNull();
  });

  it('shows DMs we sent from another panel, and the ones Bob sent', async () => {
    const { hub } = await renderInRoom();
    await acting(() => hub.push('message:posted', direct(ALICE, BOB, 'from my other tab')));
    await acting(() => hub.push('message:posted', direct(BOB, ALICE, 'got it')));
    await openBob();
    expect(screen.getAllByTestId('dm-message').map((element) => element.getAttribute('data-author'))).toEqual([
      ALICE.id,
      BOB.id,
    ]);
  });

  it('says when Bob has left, and why a DM to him failed', async () => {
    const { hub } = await renderInRoom();
    await openBob();
    await acting(() => hub.push('presence:update', { room: PAGE_ROOM, left: BOB.id, memberCount: 1 }));
    expect(screen.getByText('Bob has left this page')).toBeTruthy();

    await acting(() => fireEvent.input(screen.getByTestId('dm-composer'), { target: { value: 'wait' } }));
    await acting(() => fireEvent.keyDown(screen.getByTestId('dm-composer'), { key: 'Enter' }));
    await acting(() => hub.next('message:post').answer({ ok: false, error: { code: 'not_here', message: 'gone' } }));
    expect(screen.getByTestId('dm-message').getAttribute('data-state')).toBe('failed');
    expect(screen.getByText("Not delivered: Bob can't be reached right now")).toBeTruthy();
  });

  it('shows Bob typing to us', async () => {
    const { hub } = await renderInRoom();
    await openBob();
    await acting(() => hub.push('typing', { room: PAGE_ROOM, from: BOB.id, to: ALICE.id }));
    expect(screen.getByText('Bob is typing…')).toBeTruthy();
  });

  it('tags the peer in the heading and the labels when their name looks like another', async () => {
    await renderInRoom({ members: [ALICE, SAM, CYRILLIC_SAM] });
    const tag = userTag(CYRILLIC_SAM.id);
    await acting(() => fireEvent.click(screen.getByRole('button', { name: tagged('\u0405\u0430m', tag) })));
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe(`Private with \u0405\u0430m, #${tag}`);
    expect(screen.getByRole('textbox', { name: `Message \u0405\u0430m #${tag} privately` })).toBeTruthy();
  });
});

describe('DM view, end-to-end encryption (issue #15)', () => {
  const mine = 'A'.repeat(43);
  const theirs = 'B'.repeat(43);
  const number = '12345 67890 12345 67890 12345 67890';
  const trust = { mine, theirs, safetyNumber: number, verified: false, older: false, notices: [] };

  it('shows the safety number, and marks the conversation verified for that number', async () => {
    const { hub } = await renderInRoom();
    await openBob();
    const asked = hub.next('dm:trust');
    expect(asked.payload).toMatchObject({ room: PAGE_ROOM, peer: BOB.id });
    await acting(() => asked.answer(trust));
    expect(screen.getByTestId('verify-state').textContent).toBe('Not verified');
    await acting(() => fireEvent.click(screen.getByText(/End-to-end encrypted/)));
    expect(screen.getByTestId('safety-number').textContent).toBe(number);
    expect(screen.getByText(/a relay that swaps keys could read this conversation/)).toBeTruthy();
    const button = screen.getByRole('button', { name: 'Mark as verified' });
    expect(button.getAttribute('aria-pressed')).toBe('false');

    await acting(() => fireEvent.click(button));
    const verify = hub.next('dm:verify');
    expect(verify.payload).toMatchObject({ peer: BOB.id, safetyNumber: number, verified: true });
    await acting(() => verify.answer({ ok: true }));
    await acting(() => hub.next('dm:trust').answer({ ...trust, verified: true }));
    expect(screen.getByTestId('verify-state').textContent).toBe('Verified');
    expect(screen.getByRole('button', { name: 'Mark as verified' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('asks again when the hub says the keys changed, and shows the notice in the conversation', async () => {
    const { hub } = await renderInRoom();
    await openBob();
    const asked = hub.next('dm:trust');
    await acting(() => asked.answer({ ...trust, verified: true }));
    await acting(() => hub.push('dm:trust', { key: asked.payload.key }));
    const text = 'Bob’s safety number changed. They may have reinstalled samepage.';
    await acting(() => hub.next('dm:trust').answer({ ...trust, theirs: 'C'.repeat(43), notices: [{ at: 1, text }] }));
    expect(screen.getByTestId('verify-state').textContent).toBe('Not verified');
    expect(screen.getByTestId('dm-security-notice').textContent).toContain(text);
  });

  it('holds the composer, sending nothing, for a person whose samepage cannot receive encrypted messages', async () => {
    const { hub } = await renderInRoom();
    await openBob();
    await acting(() => hub.next('dm:trust').answer({ ...trust, theirs: null, safetyNumber: null, older: true }));
    expect(screen.getByTestId('composer-blocked').textContent).toBe(
      'Bob uses an older samepage that cannot receive encrypted messages',
    );
    expect((screen.getByTestId('dm-send') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.queryByTestId('safety-number')).toBeNull();
  });

  it('says nothing of whether Bob, gone with a key, is online, and lets the person write: his DMs wait for him', async () => {
    const { hub } = await renderInRoom();
    await openBob();
    await acting(() => hub.next('dm:trust').answer(trust));
    await acting(() => hub.push('presence:update', { room: PAGE_ROOM, left: BOB.id, memberCount: 1 }));
    // The relay tells no conversation partner whether someone on protocol v3 is online.
    await acting(() => hub.next('dm:status').answer({ ok: true, online: [], closed: [] }));
    expect(screen.queryByTestId('dm-presence')).toBeNull();
    expect(screen.getByTestId('dm-notice').textContent).toBe(
      'Bob is not on this page: your messages reach them, encrypted, when their browser is on (kept for up to 7 days).',
    );
    expect(screen.getByRole('textbox', { name: 'Message Bob privately' }).getAttribute('placeholder')).toBe(
      'Message Bob',
    );
    expect(screen.queryByTestId('composer-blocked')).toBeNull();
    await acting(() => fireEvent.input(screen.getByTestId('dm-composer'), { target: { value: 'later' } }));
    expect((screen.getByTestId('dm-send') as HTMLButtonElement).disabled).toBe(false);
  });

  it('marks each own DM sent, waiting or delivered, with words for screen readers', async () => {
    const { hub } = await renderInRoom();
    await openBob();
    for (const [index, text] of ['one', 'two'].entries()) {
      await acting(() => fireEvent.input(screen.getByTestId('dm-composer'), { target: { value: text } }));
      await acting(() => fireEvent.click(screen.getByTestId('dm-send')));
      const post = hub.next('message:post');
      const message = direct(ALICE, BOB, text, { clientId: post.payload.clientId, id: `m000${index}` });
      await acting(() => post.answer({ ok: true, message, delivery: index === 0 ? 'sent' : 'waiting' }));
    }
    const states = () => screen.getAllByTestId('dm-message').map((element) => element.getAttribute('data-delivery'));
    expect(states()).toEqual(['sent', 'waiting']);
    expect(screen.getByText('Waiting for Bob to come online')).toBeTruthy();

    await acting(() => hub.push('dm:delivered', { room: PAGE_ROOM, to: BOB.id, ids: ['m0000', 'm0001'] }));
    expect(states()).toEqual(['delivered', 'delivered']);
    expect(screen.getAllByText('Delivered', { selector: '.sr-only' })).toHaveLength(2);
  });
});
