/**
 * The panel's place in the page: an iframe of the extension's panel.html inside a closed
 * shadow root, on the right edge, expanded or collapsed to a slim tab. The frame's document is
 * cross-origin to the page, so page scripts cannot read it; the shadow root's `!important`
 * rules keep page CSS from hiding or shifting it. The host is a popover in the top layer, which
 * a page can still cover by showing its own popover or dialog later: top-layer.ts raises the
 * panel again each time.
 *
 * The resize handle is in the panel's own document (where keyboard users and tests reach it,
 * and where page scripts cannot click it); it asks for a width with a `postMessage` to this
 * page, taken only from the panel's own window, and the frame answers with the width it got.
 */
import { t } from '../lib/i18n.ts';
import { HOST_GUARD } from './host-guard.ts';
import type { WidthRange } from './panel-width.ts';
import { tabIcon } from './tab-icon.ts';
import { keepOnTop } from './top-layer.ts';
import { markOnce, TimingMark } from '../lib/timing-marks.ts';

export interface PanelFrameOptions {
  src: string;
  /** The person clicked the slim tab. */
  onExpand(): void;
  /** The panel's resize handle asked for this width. */
  onResize(width: number): void;
}

export interface PanelFrame {
  readonly open: boolean;
  readonly collapsed: boolean;
  /** Whether focus is inside the panel (the page sees the host as its active element). */
  readonly focused: boolean;
  /** Shows the panel expanded, `width` px wide; `range` is what its resize handle may ask for. */
  show(width: number, range: WidthRange): void;
  collapse(): void;
  /** Moves focus into the panel's document (which then focuses its composer). */
  focus(): void;
  hide(): void;
}

/**
 * What the panel's resize handle sends to its page: a width (the keyboard, or a drag the frame
 * still sees), or the start of a drag, after which the page follows the pointer itself: once
 * the pointer leaves the frame, its moves go to the page, not to the frame.
 */
export type ResizeRequest =
  | { samepage: 'resize'; width: number }
  /** `grip`: how far into the panel the pointer took hold, kept for the whole drag. */
  | { samepage: 'resize-start'; grip: number };

/** What the page tells its panel about the handle: the width it has and the range allowed. */
export interface PanelLayout {
  samepage: 'layout';
  width: number;
  min: number;
  max: number;
}

const TAB_WIDTH = 34;
/** The handle is a few px wide: a grip point further in is not the handle's. */
const MAX_GRIP = 16;
const TAB_HEIGHT = 56;

function expandedStyle(width: number): string {
  return `
    :host {
      all: initial !important;
      position: fixed !important;
      inset: 0 0 0 auto !important;
      width: ${width}px !important;
      max-width: 100vw !important;
      height: 100vh !important;
      ${HOST_GUARD}
      box-shadow: -1px 0 0 rgba(0, 0, 0, 0.12), -2px 0 12px rgba(0, 0, 0, 0.12) !important;
      background: transparent !important;
    }
    /* Beside the frame, never over it: anything drawn over the frame makes the panel refuse to act (frame-visibility.ts). */
    iframe { all: initial !important; display: block !important; width: 100% !important; height: 100% !important; border: 0 !important; color-scheme: light dark; }
    button { display: none !important; }
    .drag { position: fixed; inset: 0; cursor: ew-resize; touch-action: none; }
  `;
}

function collapsedStyle(): string {
  return `
    :host {
      all: initial !important;
      position: fixed !important;
      inset: calc(50vh - ${TAB_HEIGHT / 2}px) 0 auto auto !important;
      width: ${TAB_WIDTH}px !important;
      height: ${TAB_HEIGHT}px !important;
      ${HOST_GUARD}
      background: transparent !important;
    }
    iframe {
      all: initial !important; display: block !important; position: absolute !important;
      width: 0 !important; height: 0 !important; border: 0 !important; visibility: hidden !important;
    }
    button {
      all: initial; box-sizing: border-box; display: flex; align-items: center; justify-content: center;
      width: 100%; height: 100%; cursor: pointer; border-radius: 8px 0 0 8px;
      background: #ffffff; border: 1px solid rgba(0, 0, 0, 0.2); border-right: 0;
      box-shadow: -2px 0 8px rgba(0, 0, 0, 0.18);
    }
    button:hover { background: #eef2ff; }
    button:focus-visible { outline: 3px solid #1d4ed8; outline-offset: -3px; }
    svg { width: 22px; height: 22px; pointer-events: none; }
  `;
}

const isResizeRequest = (data: unknown): data is ResizeRequest => {
  if (typeof data !== 'object' || data === null) return false;
  const request = data as { samepage?: unknown; width?: unknown };
  return request.samepage === 'resize-start' || (request.samepage === 'resize' && Number.isFinite(request.width));
};

/**
 * A transparent sheet over the whole window, inside the shadow root, for the length of a drag:
 * it takes the pointer's moves wherever they are and turns each into a width (the panel's right
 * edge is the viewport's).
 */
function followDrag(root: ShadowRoot, grip: number, onResize: (width: number) => void, signal: AbortSignal): void {
  if (root.querySelector('.drag')) return;
  const sheet = document.createElement('div');
  sheet.className = 'drag';
  const done = new AbortController();
  const end = (): void => {
    done.abort();
    sheet.remove();
  };
  const options = { signal: AbortSignal.any([signal, done.signal]) };
  sheet.addEventListener(
    'pointermove',
    (event) => {
      if (event.buttons === 0) return end();
      onResize(document.documentElement.clientWidth - event.clientX + grip);
    },
    options,
  );
  for (const type of ['pointerup', 'pointercancel'] as const) sheet.addEventListener(type, end, options);
  signal.addEventListener('abort', end, { once: true });
  root.append(sheet);
}

export function createPanelFrame({ src, onExpand, onResize }: PanelFrameOptions): PanelFrame {
  let parts: { host: HTMLElement; style: HTMLStyleElement; frame: HTMLIFrameElement; stop: AbortController } | null =
    null;
  let collapsed = false;
  let layout: PanelLayout | null = null;

  const tell = (): void => {
    // Any origin: Chrome serves the frame from a dynamic URL (use_dynamic_url) whose origin is not
    // the one its document reports, and a width is nothing to keep from anyone.
    if (parts && layout) parts.frame.contentWindow?.postMessage(layout, '*');
  };

  function build(): NonNullable<typeof parts> {
    const stop = new AbortController();
    const host = document.createElement('samepage-panel');
    const root = host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    const frame = document.createElement('iframe');
    frame.src = src;
    frame.title = t('browser_panel_frame_title');
    frame.allow = 'clipboard-write';
    frame.addEventListener(
      'load',
      () => {
        tell();
        // Focus given to the frame before its document loaded does not reach that document.
        if (document.activeElement === host) frame.contentWindow?.focus();
      },
      { signal: stop.signal },
    );
    const tab = document.createElement('button');
    tab.type = 'button';
    tab.title = t('browser_open_panel');
    tab.setAttribute('aria-label', t('browser_open_panel'));
    tab.append(tabIcon(document));
    tab.addEventListener('click', (event) => event.isTrusted && onExpand(), { signal: stop.signal });
    root.append(style, frame, tab);
    // Only the panel's own window may ask: page scripts can post messages too, but not as it
    // (its origin is not checked: under use_dynamic_url it is not the one getURL gives).
    addEventListener(
      'message',
      (event) => {
        if (event.source !== frame.contentWindow || !isResizeRequest(event.data)) return;
        if (event.data.samepage === 'resize') onResize(event.data.width);
        else followDrag(root, Math.min(Math.max(event.data.grip, 0), MAX_GRIP), onResize, stop.signal);
      },
      { signal: stop.signal },
    );
    return { host, style, frame, stop };
  }

  return {
    get open() {
      return parts !== null;
    },
    get collapsed() {
      return parts !== null && collapsed;
    },
    get focused() {
      return parts !== null && document.activeElement === parts.host;
    },
    show(width, range) {
      layout = { samepage: 'layout', width, ...range };
      collapsed = false;
      if (!parts) {
        parts = build();
        parts.style.textContent = expandedStyle(width);
        // Appended to <html>, not <body>: pages replace their body's content freely.
        document.documentElement.append(parts.host);
        markOnce(TimingMark.frame);
        if ('showPopover' in parts.host) {
          parts.host.popover = 'manual';
          parts.host.showPopover();
          const { frame } = parts;
          keepOnTop(parts.host, parts.stop.signal, () => frame.focus());
        }
      }
      parts.style.textContent = expandedStyle(width);
      tell();
    },
    collapse() {
      if (!parts) return;
      collapsed = true;
      parts.style.textContent = collapsedStyle();
    },
    focus() {
      parts?.frame.focus();
      parts?.frame.contentWindow?.focus();
    },
    hide() {
      parts?.stop.abort();
      parts?.host.remove();
      parts = null;
      collapsed = false;
    },
  };
}
