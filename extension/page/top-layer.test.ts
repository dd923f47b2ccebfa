import { afterEach, describe, expect, it, vi } from 'vitest';
import { keepOnTop } from './top-layer.ts';

/** happy-dom has no top layer: the host records being raised (hidden and shown again). */
function fakeHost(): { host: HTMLElement; raises: () => number } {
  const host = document.createElement('samepage-panel');
  document.documentElement.append(host);
  let raised = 0;
  host.matches = ((selector: string) => selector === ':popover-open') as typeof host.matches;
  host.hidePopover = vi.fn();
  host.showPopover = vi.fn(() => void raised++);
  return { host, raises: () => raised };
}

const toggled = (target: Element, newState: 'open' | 'closed'): void => {
  const event = new Event('toggle');
  Object.assign(event, { newState });
  target.dispatchEvent(event);
};

let stop: AbortController;
afterEach(() => {
  stop.abort();
  document.body.innerHTML = '';
  document.querySelector('samepage-panel')?.remove();
});

describe('keeping the panel on top', () => {
  it('raises the panel when the page opens a popover, not when it closes one or the panel toggles', () => {
    const { host, raises } = fakeHost();
    stop = new AbortController();
    keepOnTop(host, stop.signal);
    const popover = document.createElement('div');
    document.body.append(popover);
    toggled(popover, 'open');
    expect(raises()).toBe(1);
    expect(host.hidePopover).toHaveBeenCalledOnce();
    toggled(popover, 'closed');
    toggled(host, 'open');
    expect(raises()).toBe(1);
  });

  it('raises the panel when a dialog opens, not a details element', async () => {
    const { host, raises } = fakeHost();
    stop = new AbortController();
    keepOnTop(host, stop.signal);
    const details = document.createElement('details');
    const dialog = document.createElement('dialog');
    document.body.append(details, dialog);
    details.setAttribute('open', '');
    await Promise.resolve();
    expect(raises()).toBe(0);
    dialog.setAttribute('open', '');
    await vi.waitFor(() => expect(raises()).toBe(1));
  });

  it('gives up for a while on a page that keeps covering it, and stops when told', () => {
    const { host, raises } = fakeHost();
    stop = new AbortController();
    let time = 0;
    keepOnTop(host, stop.signal, undefined, () => time);
    const popover = document.createElement('div');
    document.body.append(popover);
    for (let round = 0; round < 50; round++) toggled(popover, 'open');
    expect(raises()).toBe(20);
    time = 10_001;
    toggled(popover, 'open');
    expect(raises()).toBe(21);
    stop.abort();
    toggled(popover, 'open');
    expect(raises()).toBe(21);
  });
});
