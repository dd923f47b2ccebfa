/**
 * What panel.css promises about where things sit, read through the styles it computes (happy-dom
 * applies the stylesheet, but lays nothing out): the numbers that keep one message's tools off
 * another message.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, render } from '@testing-library/preact';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { SentMessage, type MessageActions } from './components/MessageItem.tsx';
import { ALICE, chat, folded } from './testing/fixtures.ts';

const ACTIONS: MessageActions = {
  reply: () => undefined,
  react: () => undefined,
  edit: () => undefined,
  remove: () => undefined,
  jumpTo: () => undefined,
};

beforeAll(() => {
  const style = document.createElement('style');
  style.textContent = readFileSync(join(import.meta.dirname, 'panel.css'), 'utf8');
  document.head.append(style);
});
afterEach(cleanup);

// A length, or CSS's unitless 0 (happy-dom passes a logical property's value through as written).
const px = (value: string): number => {
  expect(value).toMatch(/^(-?[\d.]+px|0)$/);
  return Number.parseFloat(value);
};

/** What a box's padding and borders add to its height. */
function chrome(element: Element): number {
  const style = getComputedStyle(element);
  return ['padding-top', 'padding-bottom', 'border-top-width', 'border-bottom-width']
    .map((name) => style.getPropertyValue(name) || '0px')
    .reduce((total, value) => total + px(value), 0);
}

/** The height a box's CSS gives it: its height (border-box: all of it), or its line with padding and borders. */
function outerHeight(element: Element, by: 'height' | 'line-height'): number {
  const style = getComputedStyle(element);
  if (by === 'height' && style.boxSizing === 'border-box') return px(style.height);
  return px(style.getPropertyValue(by)) + chrome(element);
}

function renderMessage(continued: boolean): HTMLElement {
  render(
    <ol>
      <SentMessage
        message={folded(chat(ALICE, 'mine, one line'))}
        mine
        self={ALICE}
        continued={continued}
        testId="message"
        tagOf={() => null}
        actions={ACTIONS}
      />
    </ol>,
  );
  return document.querySelector('.message') as HTMLElement;
}

it.each([false, true])(
  'puts the hover tools inside their own message, never over the one above (continued: %s)',
  (continued) => {
    const message = renderMessage(continued);
    const hover = message.querySelector('.message-hover') as HTMLElement;
    const style = getComputedStyle(hover);
    expect(style.position).toBe('absolute');
    expect(getComputedStyle(message).position).toBe('relative');
    expect(px(style.top)).toBeGreaterThanOrEqual(0);
    // The stylesheet's logical side (it mirrors under dir=rtl), which happy-dom does not map to `right`.
    expect(px(style.getPropertyValue('inset-inline-end'))).toBeGreaterThanOrEqual(0);

    // Nor below it over the next one: a one-line message is at least as tall as its tools.
    const bar = hover.querySelector('.reaction-bar button') as HTMLElement;
    const barHeight = outerHeight(bar, 'height') + chrome(hover.querySelector('.reaction-bar') as HTMLElement);
    const tool = hover.querySelector('.message-tools .tool') as HTMLElement;
    const toolsHeight = outerHeight(tool, 'line-height') + chrome(hover.querySelector('.message-tools') as HTMLElement);
    const room = px(getComputedStyle(message).minHeight);
    expect(px(style.top) + barHeight).toBeLessThanOrEqual(room);
    expect(px(style.top) + toolsHeight).toBeLessThanOrEqual(room);
  },
);
