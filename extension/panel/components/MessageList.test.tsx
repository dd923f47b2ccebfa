import { fireEvent, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { fullTime } from '../../lib/clock-time.ts';
import { userTag } from '../../../protocol/index.ts';
import { ALICE, BOB, CYRILLIC_SAM, PAGE_ROOM, SAM, chat, folded, fullHistory, joined } from '../testing/fixtures.ts';
import { acting, renderInRoom, tagged } from '../testing/render-panel.tsx';

const texts = () =>
  screen.getAllByTestId('message').map((element) => element.querySelector('.message-text')?.textContent);

async function sendText(text: string): Promise<void> {
  await acting(() => fireEvent.input(screen.getByTestId('composer'), { target: { value: text } }));
  await acting(() => fireEvent.keyDown(screen.getByTestId('composer'), { key: 'Enter' }));
}

describe('room messages', () => {
  it('shows author, time and text, with the author id', async () => {
    const message = chat(BOB, 'hello', { at: new Date(2025, 4, 6, 9, 7).getTime() });
    await renderInRoom({ history: [message] });
    const [element] = screen.getAllByTestId('message');
    expect(element?.getAttribute('data-author')).toBe(BOB.id);
    expect(within(element as HTMLElement).getByText('Bob')).toBeTruthy();
    expect(within(element as HTMLElement).getByText('09:07')).toBeTruthy();
    expect(within(element as HTMLElement).getByText('hello')).toBeTruthy();
  });

  it('gives the message its full date and time as a tooltip once pointed at', async () => {
    const at = new Date(2025, 4, 6, 9, 7).getTime();
    await renderInRoom({ history: [chat(BOB, 'hello', { at })] });
    const [element] = screen.getAllByTestId('message') as HTMLElement[];
    fireEvent.pointerEnter(element as HTMLElement);
    expect(element?.getAttribute('title')).toBe(fullTime(at));
  });

  it('shows our message as pending at once, then as sent', async () => {
    const { hub } = await renderInRoom();
    await sendText('on its way');
    const [pending] = screen.getAllByTestId('message');
    expect(pending?.getAttribute('data-state')).toBe('pending');
    expect(pending?.getAttribute('data-author')).toBe(ALICE.id);

    const request = hub.next('message:post');
    await acting(() =>
      request.answer({ ok: true, message: chat(ALICE, 'on its way', { clientId: request.payload.clientId }) }),
    );
    const [sent] = screen.getAllByTestId('message');
    expect(sent?.hasAttribute('data-state')).toBe(false);
    expect(sent?.getAttribute('data-author')).toBe(ALICE.id);
    expect(screen.getAllByTestId('message')).toHaveLength(1);
  });

  it('shows a refused message with the reason, and Retry sends the same clientId', async () => {
    const { hub } = await renderInRoom();
    await sendText('too quick');
    const first = hub.next('message:post');
    await acting(() =>
      first.answer({ ok: false, error: { code: 'rate_limited', message: 'slow down', retryAfterMs: 5000 } }),
    );
    const [failed] = screen.getAllByTestId('message');
    expect(failed?.getAttribute('data-state')).toBe('failed');
    expect(within(failed as HTMLElement).getByText("You're sending too fast — try again in 5 s")).toBeTruthy();
    expect(within(failed as HTMLElement).getByText('too quick')).toBeTruthy();

    await acting(() => fireEvent.click(within(failed as HTMLElement).getByRole('button', { name: 'Retry' })));
    const second = hub.next('message:post');
    expect(second.payload.clientId).toBe(first.payload.clientId);
    expect(screen.getAllByTestId('message')[0]?.getAttribute('data-state')).toBe('pending');
  });

  it('merges history and pushes without duplicates, in id order', async () => {
    const [one, two, three] = [chat(BOB, 'one'), chat(ALICE, 'two'), chat(BOB, 'three')];
    const { hub } = await renderInRoom({ history: [one, three] });
    await acting(() => hub.push('message:posted', three));
    await acting(() => hub.push('message:posted', two));
    await acting(() =>
      hub.push('room:snapshot', { room: PAGE_ROOM, snapshot: joined(ALICE, [ALICE, BOB], [one, two, three]) }),
    );
    expect(texts()).toEqual(['one', 'two', 'three']);
  });
});

describe('message text safety', () => {
  it('renders markup as text', async () => {
    const evil = '<img src=x onerror="alert(1)"><b>bold</b>';
    await renderInRoom({ history: [chat(BOB, evil)] });
    const [element] = screen.getAllByTestId('message');
    expect(element?.querySelector('img, b, script')).toBeNull();
    expect(element?.querySelector('.message-text')?.textContent).toBe(evil);
  });

  it('links http and https only, opening them safely', async () => {
    await renderInRoom({ history: [chat(BOB, 'javascript:alert(1) data:text/html,x see https://example.com/a')] });
    const links = within(screen.getByTestId('message')).getAllByRole('link');
    expect(links).toHaveLength(1);
    expect(links[0]?.getAttribute('href')).toBe('https://example.com/a');
    expect(links[0]?.getAttribute('target')).toBe('_blank');
    expect(links[0]?.getAttribute('rel')).toBe('noopener noreferrer');
  });
});

describe('sticky scroll', () => {
  function scroller(): HTMLElement {
    const element = document.querySelector('.messages-scroll') as HTMLElement;
    Object.defineProperty(element, 'scrollHeight', { configurable: true, value: 1000 });
    Object.defineProperty(element, 'clientHeight', { configurable: true, value: 200 });
    return element;
  }

  it('follows new messages at the bottom, and offers a jump when reading older ones', async () => {
    const { hub } = await renderInRoom({ history: [chat(BOB, 'first')] });
    const element = scroller();
    element.scrollTop = 800;
    fireEvent.scroll(element);
    await acting(() => hub.push('message:posted', chat(BOB, 'second')));
    expect(element.scrollTop).toBe(1000);
    expect(screen.queryByRole('button', { name: /Jump to newest/ })).toBeNull();

    element.scrollTop = 100;
    fireEvent.scroll(element);
    await acting(() => hub.push('message:posted', chat(BOB, 'third')));
    expect(element.scrollTop).toBe(100);
    await acting(() => fireEvent.click(screen.getByRole('button', { name: /Jump to newest/ })));
    expect(element.scrollTop).toBe(1000);
    expect(screen.queryByRole('button', { name: /Jump to newest/ })).toBeNull();
  });

  it('offers the jump whenever the newest are out of view, counting what arrived since', async () => {
    const { hub } = await renderInRoom({ history: [chat(BOB, 'first')] });
    const element = scroller();
    element.scrollTop = 300;
    await acting(() => fireEvent.scroll(element));
    expect(screen.getByRole('button', { name: 'Jump to newest ↓' })).toBeTruthy();
    await acting(() => hub.push('message:posted', chat(BOB, 'second')));
    expect(screen.getByRole('button', { name: 'Jump to newest (1 new) ↓' })).toBeTruthy();
    await acting(() => {
      hub.push('message:posted', chat(BOB, 'third'));
      hub.push('message:posted', chat(BOB, 'fourth'));
    });
    expect(screen.getByRole('button', { name: 'Jump to newest (3 new) ↓' })).toBeTruthy();
  });

  it("scrolls a refused message's Retry row into view", async () => {
    const { hub } = await renderInRoom({ history: [chat(BOB, 'first')] });
    const element = scroller();
    await acting(() => fireEvent.input(screen.getByTestId('composer'), { target: { value: 'mine' } }));
    await acting(() => fireEvent.click(screen.getByTestId('send')));
    element.scrollTop = 0;
    Object.defineProperty(element, 'scrollHeight', { configurable: true, value: 1040 });
    await acting(() =>
      hub
        .next('message:post')
        .answer({ ok: false, error: { code: 'rate_limited', message: 'slow', retryAfterMs: 1000 } }),
    );
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
    expect(element.scrollTop).toBe(1040);
  });
});

describe('older messages', () => {
  it('loads them on reaching the top or on request, shows it loading, then the beginning', async () => {
    const [first, older, shown] = [chat(BOB, 'first'), chat(BOB, 'older'), chat(BOB, 'shown')];
    const { hub } = await renderInRoom({ history: fullHistory(shown) });
    const element = document.querySelector('.messages-scroll') as HTMLElement;
    element.scrollTop = 0;
    await acting(() => fireEvent.scroll(element));
    expect(screen.getByText('Loading…')).toBeTruthy();
    const request = hub.next('room:history');
    expect(request.payload).toEqual({ room: PAGE_ROOM, before: shown.id });
    await acting(() => request.answer({ ok: true, messages: [folded(older)], hasMore: true }));
    expect(texts().slice(0, 2)).toEqual(['older', 'shown']);

    await acting(() => fireEvent.click(screen.getByRole('button', { name: 'Load earlier messages' })));
    await acting(() => hub.next('room:history').answer({ ok: true, messages: [folded(first)], hasMore: false }));
    expect(texts().slice(0, 3)).toEqual(['first', 'older', 'shown']);
    expect(screen.getByText('Beginning of the conversation')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load earlier messages' })).toBeNull();
  });
});

describe('authors', () => {
  it("tags the author whose name looks like a member's, and only them", async () => {
    await renderInRoom({
      members: [ALICE, SAM, BOB],
      history: [chat(CYRILLIC_SAM, 'it is me, Sam'), chat(BOB, 'hi')],
    });
    const [poser, bob] = screen.getAllByTestId('message') as HTMLElement[];
    expect(poser?.querySelector('.author')?.textContent).toBe(`\u0405\u0430m, #${userTag(CYRILLIC_SAM.id)}`);
    expect(poser?.querySelector('.name-tag')).toBeTruthy();
    expect(bob?.querySelector('.author')?.textContent).toBe('Bob');
    expect(screen.getByRole('button', { name: tagged('Sam', userTag(SAM.id)) })).toBeTruthy();
  });
});
