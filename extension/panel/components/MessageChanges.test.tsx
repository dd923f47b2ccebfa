/** Reactions, edits and deletes in the room, from the click to what everyone sees (issue #12). */
import { fireEvent, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { ALICE, BOB, CAROL, accepted, change, chat } from '../testing/fixtures.ts';
import { acting, renderInRoom } from '../testing/render-panel.tsx';

const message = () => screen.getByTestId('message');
const chip = (emoji: string) =>
  within(message())
    .queryAllByTestId('reaction')
    .find((element) => element.dataset.emoji === emoji) ?? null;

describe('reactions in the room', () => {
  it('posts ours, shows it pressed with the relay count, and counts others as they arrive', async () => {
    const otters = chat(BOB, 'otters!');
    const { hub } = await renderInRoom({ history: [otters] });
    await acting(() => fireEvent.click(within(message()).getByRole('button', { name: 'React with 👍' })));
    const post = hub.next('message:post');
    expect(post.payload).toMatchObject({ kind: 'reaction', body: { target: otters.id, emoji: '👍', on: true } });
    expect(post.payload.to).toBeUndefined();

    const ours = accepted(post.payload, ALICE);
    await acting(() =>
      post.answer({ ok: true, message: { ...ours, body: { ...ours.body, count: 1 } } as typeof ours }),
    );
    expect(chip('👍')?.dataset.count).toBe('1');
    expect(chip('👍')?.getAttribute('aria-pressed')).toBe('true');

    await acting(() =>
      hub.push('message:posted', change(CAROL, 'reaction', { target: otters.id, emoji: '👍', on: true, count: 2 })),
    );
    expect(chip('👍')?.dataset.count).toBe('2');
    expect(chip('👍')?.getAttribute('aria-pressed')).toBe('true');

    await acting(() => fireEvent.click(chip('👍') as HTMLElement));
    expect(hub.next('message:post').payload).toMatchObject({ body: { target: otters.id, emoji: '👍', on: false } });
  });

  it('says why a reaction was refused', async () => {
    const otters = chat(BOB, 'otters!');
    const { hub } = await renderInRoom({ history: [otters] });
    await acting(() => fireEvent.click(within(message()).getByRole('button', { name: 'React with 🎉' })));
    await acting(() =>
      hub
        .next('message:post')
        .answer({ ok: false, error: { code: 'bad_request', message: 'that message was deleted' } }),
    );
    expect(screen.getByRole('alert').textContent).toBe('Reaction not changed: that message was deleted');
    expect(chip('🎉')).toBeNull();
  });
});

describe('edits and deletes from others', () => {
  it('shows an edit as edited, and a delete as a tombstone for everyone', async () => {
    const typo = chat(BOB, 'helo', { at: Date.now() });
    const { hub } = await renderInRoom({ history: [typo] });
    await acting(() => hub.push('message:posted', change(BOB, 'edit', { target: typo.id, text: 'hello' })));
    expect(message().querySelector('.message-text')?.textContent).toContain('hello');
    expect(within(message()).getByTestId('message-edited')).toBeTruthy();

    await acting(() => hub.push('message:posted', change(BOB, 'delete', { target: typo.id })));
    expect(within(message()).getByTestId('message-deleted')).toBeTruthy();
    expect(message().textContent).not.toContain('hello');
  });

  it('deletes our own message once confirmed', async () => {
    const mine = chat(ALICE, 'regret', { at: Date.now() });
    const { hub } = await renderInRoom({ history: [mine] });
    await acting(() => fireEvent.click(within(message()).getByTestId('message-delete')));
    await acting(() => fireEvent.click(within(message()).getByTestId('message-delete-confirm')));
    const post = hub.next('message:post');
    expect(post.payload).toMatchObject({ kind: 'delete', body: { target: mine.id } });
    await acting(() => post.answer({ ok: true, message: accepted(post.payload, ALICE) }));
    expect(within(message()).getByTestId('message-deleted')).toBeTruthy();
  });
});
