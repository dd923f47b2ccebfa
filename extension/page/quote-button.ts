/**
 * The floating "Quote in samepage" control (issue #12, "Quote the page"): while the panel is
 * open, a selection of page text shows a small button just below its end. Like the panel, it
 * lives in a closed shadow root on an element of its own, with `!important` rules, in the top
 * layer, so the page can neither restyle nor read it. It goes away when the selection collapses,
 * scrolls out of view, on Escape and when the panel closes (`signal`). Tab from a selection
 * reaches it; a click or Enter hands the quote, with the words around it, to `onQuote`.
 */
import { t } from '../lib/i18n.ts';
import type { PageQuote } from '../../protocol/index.ts';
import { quoteOfRange, selectedRange } from './selection-quote.ts';
import { HOST_GUARD } from './host-guard.ts';

/** The selection settles (a drag, Shift+arrows) before the button shows. */
const SETTLE_MS = 150;
const GAP_PX = 8;
const EDGE_PX = 8;

function hostStyle(top: number, left: number): string {
  return `
    :host {
      all: initial !important;
      position: fixed !important;
      top: ${top}px !important;
      left: ${left}px !important;
      ${HOST_GUARD}
      background: transparent !important;
    }
    button {
      all: initial;
      display: block;
      box-sizing: border-box;
      padding: 6px 12px;
      border-radius: 6px;
      background: #0b57d0;
      color: #ffffff;
      font: 600 13px/1.3 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
      white-space: nowrap;
      cursor: pointer;
      box-shadow: 0 2px 10px rgba(0, 0, 0, 0.3);
    }
    button:hover { background: #0842a0; }
    button:focus-visible { outline: 2px solid #0b57d0; outline-offset: 2px; box-shadow: 0 0 0 2px #ffffff; }
  `;
}

/** Whether the person is editing there: quoting your own typing is not the point, nor is Tab ours. */
function inEditable(node: Node | null): boolean {
  const element = node?.nodeType === Node.ELEMENT_NODE ? (node as HTMLElement) : (node?.parentElement ?? null);
  return !!element && (element.isContentEditable || element.closest('input, textarea, select') !== null);
}

export function watchSelectionForQuotes(onQuote: (quote: PageQuote) => void, signal: AbortSignal): void {
  const host = document.createElement('samepage-quote');
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = t('browser_quote_in_samepage');
  root.append(style, button);

  let shown: { range: Range; text: string } | null = null;
  let pointerDown = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function hide(): void {
    shown = null;
    host.remove();
  }

  /** Puts the button below the end of the selection; false when that is out of view. */
  function place(range: Range): boolean {
    const rects = range.getClientRects();
    const end = rects[rects.length - 1] ?? range.getBoundingClientRect();
    if (end.bottom < 0 || end.top > innerHeight || (end.width === 0 && end.height === 0)) return false;
    const { width, height } = button.getBoundingClientRect();
    const top = Math.max(EDGE_PX, Math.min(end.bottom + GAP_PX, innerHeight - height - EDGE_PX));
    const left = Math.max(EDGE_PX, Math.min(end.right - width, innerWidth - width - EDGE_PX));
    style.textContent = hostStyle(top, left);
    return true;
  }

  function show(range: Range, text: string): void {
    shown = { range: range.cloneRange(), text };
    if (!host.isConnected) {
      style.textContent = hostStyle(-1000, -1000);
      // Appended to <html>, not <body>, as the panel is: pages replace their body's content.
      document.documentElement.append(host);
      if ('showPopover' in host) {
        host.popover = 'manual';
        host.showPopover();
      }
    }
    if (!place(shown.range)) hide();
  }

  function update(): void {
    if (pointerDown) return;
    const selection = getSelection();
    const range = selectedRange(selection);
    const text = selection?.toString() ?? '';
    if (!range || text.trim() === '' || inEditable(range.commonAncestorContainer)) hide();
    else show(range, text);
  }

  function schedule(): void {
    clearTimeout(timer);
    timer = setTimeout(update, SETTLE_MS);
  }

  function quote(): void {
    clearTimeout(timer);
    const current = shown;
    hide();
    const made = current && quoteOfRange(current.range, current.text);
    if (made) onQuote(made);
  }

  // Pressing the button must not collapse the selection or move the focus out of the page's text.
  button.addEventListener('pointerdown', (event) => event.preventDefault());
  button.addEventListener('mousedown', (event) => event.preventDefault());
  button.addEventListener('click', quote);

  const options = { signal, capture: true } as const;
  document.addEventListener('selectionchange', schedule, { signal });
  document.addEventListener(
    'pointerdown',
    (event) => {
      if (event.target !== host) pointerDown = true;
    },
    options,
  );
  document.addEventListener(
    'pointerup',
    (event) => {
      pointerDown = false;
      // A press of the button itself changed nothing; looking again would bring it back after its click.
      if (event.target !== host) schedule();
    },
    options,
  );
  document.addEventListener(
    'keydown',
    (event) => {
      if (!shown) return;
      if (event.key === 'Escape') hide();
      const plainTab = event.key === 'Tab' && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey;
      if (plainTab && event.target !== host && !inEditable(document.activeElement)) {
        event.preventDefault();
        button.focus();
      }
    },
    options,
  );
  const follow = (): void => {
    if (shown && !place(shown.range)) hide();
  };
  addEventListener('scroll', follow, { ...options, passive: true });
  addEventListener('resize', follow, { signal, passive: true });
  signal.addEventListener('abort', () => {
    clearTimeout(timer);
    hide();
  });
}
