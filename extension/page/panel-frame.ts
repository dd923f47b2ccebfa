/**
 * The panel's place in the page: an iframe of the extension's panel.html inside a closed
 * shadow root, docked to the right edge. The frame's document is cross-origin to the page,
 * so page scripts cannot read it; the shadow root's `!important` rules and the top layer
 * (popover) keep page CSS and overlays from hiding or covering it.
 */
import { HOST_GUARD } from './host-guard.ts';

const MIN_WIDTH = 280;
const DEFAULT_WIDTH = 360;

export interface PanelFrame {
  readonly open: boolean;
  show(): void;
  hide(): void;
}

/**
 * Every rule `!important` inside the shadow root: for important declarations the shadow
 * tree's own rules win over the page's, even the page's `!important` ones.
 */
function hostStyle(width: number): string {
  return `
    :host {
      all: initial !important;
      position: fixed !important;
      inset: 0 0 0 auto !important;
      width: ${width}px !important;
      max-width: 100vw !important;
      height: 100vh !important;
      ${HOST_GUARD}
      box-shadow: -2px 0 12px rgba(0, 0, 0, 0.18) !important;
      background: transparent !important;
    }
    /* Beside the frame, never over it: anything drawn over the frame makes the panel refuse to act (frame-visibility.ts). */
    iframe { all: initial !important; display: block !important; width: 100% !important; height: 100% !important; border: 0 !important; color-scheme: light dark; }
    .grip { position: absolute; inset: 0 auto 0 -6px; width: 6px; cursor: ew-resize; touch-action: none; }
  `;
}

export function createPanelFrame(src: string): PanelFrame {
  let width = DEFAULT_WIDTH;
  let host: HTMLElement | null = null;

  function build(): HTMLElement {
    const element = document.createElement('samepage-panel');
    const root = element.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = hostStyle(width);
    const frame = document.createElement('iframe');
    frame.src = src;
    frame.title = 'samepage';
    frame.allow = 'clipboard-write';
    const grip = document.createElement('div');
    grip.className = 'grip';
    grip.addEventListener('pointerdown', (down) => {
      grip.setPointerCapture(down.pointerId);
      const move = (event: PointerEvent): void => {
        width = Math.min(Math.max(innerWidth - event.clientX, MIN_WIDTH), Math.floor(innerWidth * 0.8));
        style.textContent = hostStyle(width);
      };
      grip.addEventListener('pointermove', move);
      grip.addEventListener('pointerup', () => grip.removeEventListener('pointermove', move), { once: true });
    });
    root.append(style, frame, grip);
    return element;
  }

  return {
    get open() {
      return host !== null;
    },
    show() {
      if (host) return;
      host = build();
      // Appended to <html>, not <body>: pages replace their body's content freely.
      document.documentElement.append(host);
      if ('showPopover' in host) {
        host.popover = 'manual';
        host.showPopover();
      }
    },
    hide() {
      host?.remove();
      host = null;
    },
  };
}
