import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { inPageKeys } from './in-page-keys.ts';

let stop: AbortController;
let collapse: ReturnType<typeof vi.fn<() => void>>;

beforeEach(() => {
  document.body.innerHTML = '<form class="composer"><textarea></textarea></form><button id="other">x</button>';
  stop = new AbortController();
  collapse = vi.fn<() => void>();
});
afterEach(() => {
  stop.abort();
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

const escape = (target: Element = document.body): KeyboardEvent => {
  const event = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true });
  target.dispatchEvent(event);
  return event;
};

describe('Escape in the injected panel', () => {
  it('collapses the panel', () => {
    inPageKeys(window, collapse, stop.signal);
    expect(escape().defaultPrevented).toBe(true);
    expect(collapse).toHaveBeenCalledOnce();
  });

  it('is left to whatever inside used it first, or to an open dialog', () => {
    inPageKeys(window, collapse, stop.signal);
    const textarea = document.querySelector('textarea') as HTMLTextAreaElement;
    textarea.addEventListener('keydown', (event) => event.preventDefault(), { once: true });
    escape(textarea);
    const dialog = document.createElement('dialog');
    dialog.setAttribute('open', '');
    document.body.append(dialog);
    escape(dialog);
    expect(collapse).not.toHaveBeenCalled();
  });
});

describe('focus in the injected panel', () => {
  it('goes to the composer when the page gives the frame focus, not after a click into it', () => {
    inPageKeys(window, collapse, stop.signal);
    const textarea = document.querySelector('textarea') as HTMLTextAreaElement;
    (document.activeElement as HTMLElement | null)?.blur();
    window.dispatchEvent(new PointerEvent('pointerdown'));
    window.dispatchEvent(new FocusEvent('focus'));
    expect(document.activeElement).not.toBe(textarea);
    window.dispatchEvent(new PointerEvent('pointerup'));
    window.dispatchEvent(new FocusEvent('focus'));
    expect(document.activeElement).toBe(textarea);
  });

  it('waits for the composer when the panel is still loading', async () => {
    document.body.innerHTML = '';
    vi.spyOn(document, 'hasFocus').mockReturnValue(true);
    inPageKeys(window, collapse, stop.signal);
    document.body.innerHTML = '<form class="composer"><textarea></textarea></form>';
    await vi.waitFor(() => expect(document.activeElement).toBe(document.querySelector('textarea')));
  });
});
