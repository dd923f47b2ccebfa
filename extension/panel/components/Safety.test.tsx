/** Block, mute, hide and report in the panel (issue #14), from the click to what the person sees and what the hub is asked. */
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { readBlocked, readMutes } from '../../lib/safety-lists.ts';
import { useLocale } from '../../testing/locale.ts';
import { ALICE, BOB, CAROL, PAGE_ROOM, chat, direct } from '../testing/fixtures.ts';
import { acting, renderInRoom } from '../testing/render-panel.tsx';

const messages = () => screen.getAllByTestId('message');
const messageOf = (id: string) => messages().find((element) => element.dataset.messageId === id) as HTMLElement;

async function openMore(element: HTMLElement): Promise<void> {
  await acting(() => fireEvent.click(within(element).getByTestId('more-actions')));
}

describe('blocking from a message', () => {
  it('takes two clicks, collapses their messages (earlier and later), and reveals one on click', async () => {
    const first = chat(BOB, 'buy my stuff');
    const carols = chat(CAROL, 'hello all');
    const { hub } = await renderInRoom({ members: [ALICE, BOB, CAROL], history: [first, carols] });
    await openMore(messageOf(first.id));
    expect(screen.getByRole('menu')).toBeTruthy();
    await acting(() => fireEvent.click(screen.getByTestId('block-user')));
    expect(screen.getByRole('alertdialog').textContent).toContain(
      "Block Bob? You won't see their messages or get their DMs. They are not told.",
    );
    await acting(() => fireEvent.click(screen.getByTestId('block-confirm')));
    await waitFor(async () => expect((await readBlocked()).map((person) => person.id)).toEqual([BOB.id]));

    expect(messageOf(first.id).dataset.collapsed).toBe('true');
    expect(messageOf(first.id).textContent).toBe('Message from someone you blocked');
    expect(messageOf(first.id).textContent).not.toContain('buy my stuff');
    expect(messageOf(carols.id).textContent).toContain('hello all');

    const later = chat(BOB, 'still here');
    await acting(() => hub.push('message:posted', later));
    expect(messageOf(later.id).textContent).toBe('Message from someone you blocked');

    await acting(() => fireEvent.click(within(messageOf(first.id)).getByTestId('collapsed-reveal')));
    expect(messageOf(first.id).textContent).toContain('buy my stuff');
    expect(messageOf(later.id).dataset.collapsed).toBe('true');
  });

  it('Cancel blocks nobody; Escape closes the menu and gives focus back to its button', async () => {
    const first = chat(BOB, 'hi');
    await renderInRoom({ history: [first] });
    await openMore(messageOf(first.id));
    await acting(() => fireEvent.click(screen.getByTestId('block-user')));
    await acting(() => fireEvent.click(screen.getByRole('button', { name: 'Cancel' })));
    expect(await readBlocked()).toEqual([]);
    expect(messageOf(first.id).dataset.collapsed).toBeUndefined();

    await openMore(messageOf(first.id));
    expect(document.activeElement?.getAttribute('data-testid')).toBe('block-user');
    await acting(() => fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowDown' }));
    expect(document.activeElement?.getAttribute('data-testid')).toBe('mute-user');
    await acting(() => fireEvent.keyDown(document.activeElement as Element, { key: 'Escape' }));
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement?.getAttribute('data-testid')).toBe('more-actions');
  });

  it('asks in German when the browser speaks German', async () => {
    useLocale('de');
    const first = chat(BOB, 'kauf meine Sachen');
    await renderInRoom({ members: [ALICE, BOB], history: [first] });
    await openMore(messageOf(first.id));
    await acting(() => fireEvent.click(screen.getByTestId('block-user')));
    expect(screen.getByRole('alertdialog').textContent).toContain(
      'Bob blockieren? Du siehst dann keine Nachrichten mehr von dieser Person',
    );
    expect(screen.getByTestId('block-confirm').textContent).toBe('Blockieren');
  });

  it('offers no More on our own messages', async () => {
    const mine = chat(ALICE, 'mine');
    await renderInRoom({ history: [mine] });
    expect(within(messageOf(mine.id)).queryByTestId('more-actions')).toBeNull();
  });

  it('hides the typing of someone blocked, and shows it again after unblocking elsewhere', async () => {
    const { hub } = await renderInRoom();
    await browser.storage.local.set({ blocked: [{ ...BOB, at: 1 }] });
    await acting(() => new Promise((resolve) => setTimeout(resolve, 0)));
    await acting(() => hub.push('typing', { room: PAGE_ROOM, from: BOB.id }));
    expect(document.querySelector('.typing')?.textContent).toBe('');
    await acting(() => browser.storage.local.set({ blocked: [] }));
    await waitFor(() => expect(document.querySelector('.typing')?.textContent).toBe('Bob is typing…'));
  });
});

describe('blocking from a member chip', () => {
  it('blocks from the chip menu after the confirmation', async () => {
    await renderInRoom();
    const bobChip = screen
      .getAllByTestId('member')
      .find((element) => element.dataset.userId === BOB.id)
      ?.closest('li') as HTMLElement;
    await acting(() => fireEvent.click(within(bobChip).getByTestId('more-actions')));
    await acting(() => fireEvent.click(screen.getByTestId('block-user')));
    await acting(() => fireEvent.click(screen.getByTestId('block-confirm')));
    await waitFor(async () => expect((await readBlocked()).map((person) => person.id)).toEqual([BOB.id]));
    const self = screen.getAllByTestId('member').find((element) => element.dataset.userId === ALICE.id);
    expect(within(self?.closest('li') as HTMLElement).queryByTestId('more-actions')).toBeNull();
  });
});

describe('muting', () => {
  it('mutes for 8 hours in this room: their run of messages folds into one line, Show brings them back', async () => {
    const one = chat(BOB, 'one');
    const two = chat(BOB, 'two');
    const carols = chat(CAROL, 'three');
    await renderInRoom({ members: [ALICE, BOB, CAROL], history: [one, two, carols] });
    const before = Date.now();
    await openMore(messageOf(one.id));
    await acting(() => fireEvent.click(screen.getByTestId('mute-user')));
    await acting(() => fireEvent.click(screen.getByTestId('mute-8h')));
    await waitFor(() => expect(messageOf(one.id).dataset.collapsed).toBe('muted'));
    const [kept] = await readMutes();
    expect(kept).toMatchObject({ room: PAGE_ROOM, id: BOB.id, name: 'Bob' });
    expect(kept?.until).toBeGreaterThanOrEqual(before + 8 * 3_600_000);
    expect(messageOf(one.id).textContent).toBe('Bob is muted here: messages hidden · Show');
    expect(messageOf(two.id)).toBeUndefined();
    expect(messageOf(carols.id).textContent).toContain('three');

    await acting(() => fireEvent.click(screen.getByTestId('muted-reveal')));
    expect(messageOf(one.id).textContent).toContain('one');
    expect(messageOf(two.id).textContent).toContain('two');
  });

  it('ends a mute on screen when its time is up, with the panel open', async () => {
    const one = chat(BOB, 'one');
    await browser.storage.local.set({ mutes: [{ room: PAGE_ROOM, id: BOB.id, name: 'Bob', until: Date.now() + 150 }] });
    await renderInRoom({ history: [one] });
    await waitFor(() => expect(messageOf(one.id).dataset.collapsed).toBe('muted'));
    await waitFor(() => expect(messageOf(one.id).textContent).toContain('one'), { timeout: 2000 });
  });
});

describe('reporting a message', () => {
  it('sends the reason, the note and the message id, confirms, and hides the message when asked', async () => {
    const spam = chat(BOB, 'cheap pills');
    const { hub } = await renderInRoom({ history: [spam] });
    await openMore(messageOf(spam.id));
    await acting(() => fireEvent.click(screen.getByTestId('report-message')));
    const dialog = screen.getByRole('dialog', { name: 'Report a message from Bob' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.activeElement).toBe(screen.getByTestId('report-reason'));
    expect((screen.getByTestId('report-submit') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.queryByTestId('report-include')).toBeNull();

    await acting(() => fireEvent.change(screen.getByTestId('report-reason'), { target: { value: 'spam' } }));
    await acting(() => fireEvent.input(screen.getByTestId('report-note'), { target: { value: ' every day ' } }));
    expect(dialog.textContent).toContain('11/500');
    await acting(() => fireEvent.click(screen.getByTestId('report-hide')));
    await acting(() => fireEvent.click(screen.getByTestId('report-submit')));
    const request = hub.next('report:send');
    expect(request.payload).toEqual({
      room: PAGE_ROOM,
      user: BOB.id,
      reason: 'spam',
      note: 'every day',
      messageId: spam.id,
    });
    await acting(() => request.answer({ ok: true, id: 'r1' }));
    expect(screen.getByTestId('report-sent').textContent).toBe(
      'Report sent. The operator of this relay will look at it.',
    );
    await acting(() => fireEvent.click(screen.getByTestId('report-close')));
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(messageOf(spam.id).textContent).toBe('You hid this message'));
    expect(await browser.storage.local.get('hiddenMessages')).toEqual({ hiddenMessages: { [PAGE_ROOM]: [spam.id] } });
  });

  it('says why a report was refused and keeps what was typed', async () => {
    const spam = chat(BOB, 'cheap pills');
    const { hub } = await renderInRoom({ history: [spam] });
    await openMore(messageOf(spam.id));
    await acting(() => fireEvent.click(screen.getByTestId('report-message')));
    await acting(() => fireEvent.change(screen.getByTestId('report-reason'), { target: { value: 'harassment' } }));
    await acting(() => fireEvent.input(screen.getByTestId('report-note'), { target: { value: 'again' } }));
    await acting(() => fireEvent.click(screen.getByTestId('report-submit')));
    await acting(() =>
      hub.next('report:send').answer({
        ok: false,
        error: { code: 'rate_limited', message: 'slow down', retryAfterMs: 120_000, limit: 'reports' },
      }),
    );
    expect(screen.getByTestId('report-error').textContent).toMatch(/^You have sent many reports lately; try again in /);
    expect((screen.getByTestId('report-note') as HTMLTextAreaElement).value).toBe('again');
    expect((screen.getByTestId('report-reason') as HTMLSelectElement).value).toBe('harassment');
    expect(messageOf(spam.id).dataset.collapsed).toBeUndefined();
    await acting(() => fireEvent.click(screen.getByRole('button', { name: 'Cancel' })));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(within(messageOf(spam.id)).getByTestId('more-actions'));
  });

  it('refuses a note over 500 characters, keeps focus inside, and Escape cancels', async () => {
    const spam = chat(BOB, 'x');
    const { hub } = await renderInRoom({ history: [spam] });
    await openMore(messageOf(spam.id));
    await acting(() => fireEvent.click(screen.getByTestId('report-message')));
    await acting(() => fireEvent.change(screen.getByTestId('report-reason'), { target: { value: 'other' } }));
    await acting(() => fireEvent.input(screen.getByTestId('report-note'), { target: { value: 'é'.repeat(501) } }));
    expect((screen.getByTestId('report-submit') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByRole('dialog').textContent).toContain('501/500');

    const submit = screen.getByTestId('report-submit');
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    cancel.focus();
    // Submit is disabled: Cancel is the last control, and Tab from it goes round to the first.
    expect(submit).toBeTruthy();
    await acting(() => fireEvent.keyDown(cancel, { key: 'Tab' }));
    expect(document.activeElement).toBe(screen.getByTestId('report-reason'));
    await acting(() => fireEvent.keyDown(document.activeElement as Element, { key: 'Escape' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(hub.requestsOf('report:send')).toEqual([]);
  });
});

describe('in a private conversation', () => {
  async function openBob(): Promise<void> {
    const bob = screen.getAllByTestId('member').find((element) => element.dataset.userId === BOB.id);
    await acting(() => fireEvent.click(bob as HTMLElement));
  }

  it('reports a DM with its words only when "Include the message" is ticked, and offers no mute there', async () => {
    const { hub } = await renderInRoom();
    const rude = direct(BOB, ALICE, 'you again?');
    await acting(() => hub.push('message:posted', rude));
    await openBob();
    const message = screen.getAllByTestId('dm-message')[0] as HTMLElement;
    await openMore(message);
    expect(screen.queryByTestId('mute-user')).toBeNull();
    await acting(() => fireEvent.click(screen.getByTestId('report-message')));
    const include = screen.getByTestId('report-include') as HTMLInputElement;
    expect(include.checked).toBe(false);
    expect(include.closest('label')?.textContent).toContain('the operator of this relay then reads it');
    await acting(() => fireEvent.change(screen.getByTestId('report-reason'), { target: { value: 'harassment' } }));
    await acting(() => fireEvent.click(include));
    await acting(() => fireEvent.click(screen.getByTestId('report-submit')));
    expect(hub.next('report:send').payload).toEqual({
      room: PAGE_ROOM,
      user: BOB.id,
      reason: 'harassment',
      messageId: rude.id,
      dm: true,
      text: 'you again?',
    });
  });

  it('blocks and reports the person from the conversation header', async () => {
    const { hub } = await renderInRoom();
    await openBob();
    const head = document.querySelector('.dm-head') as HTMLElement;
    await openMore(head);
    expect(screen.queryByTestId('mute-user')).toBeNull();
    await acting(() => fireEvent.click(screen.getByTestId('report-user')));
    expect(screen.getByRole('dialog', { name: 'Report Bob' })).toBeTruthy();
    expect(screen.queryByTestId('report-hide')).toBeNull();
    await acting(() => fireEvent.change(screen.getByTestId('report-reason'), { target: { value: 'spam' } }));
    await acting(() => fireEvent.click(screen.getByTestId('report-submit')));
    expect(hub.next('report:send').payload).toEqual({ room: PAGE_ROOM, user: BOB.id, reason: 'spam' });
    await acting(() => fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' }));

    await openMore(head);
    await acting(() => fireEvent.click(screen.getByTestId('block-user')));
    await acting(() => fireEvent.click(screen.getByTestId('block-confirm')));
    await waitFor(async () => expect((await readBlocked()).map((person) => person.id)).toEqual([BOB.id]));
    await acting(() => hub.push('message:posted', direct(BOB, ALICE, 'hello?')));
    expect(screen.getByTestId('dm-message').textContent).toBe('Message from someone you blocked');
  });

  it('says a DM the relay refused for a block cannot be delivered, with Discard', async () => {
    const { hub } = await renderInRoom();
    await openBob();
    await acting(() => fireEvent.input(screen.getByTestId('dm-composer'), { target: { value: 'hi' } }));
    await acting(() => fireEvent.click(screen.getByTestId('dm-send')));
    await acting(() =>
      hub
        .next('message:post')
        .answer({ ok: false, error: { code: 'undeliverable', message: 'this message cannot be delivered' } }),
    );
    const failed = screen.getByTestId('dm-message');
    expect(failed.dataset.state).toBe('failed');
    expect(within(failed).getByRole('alert').textContent).toContain('This message cannot be delivered');
    expect(within(failed).getByRole('button', { name: 'Discard' })).toBeTruthy();
  });
});
