/**
 * The panel's place in the page: an iframe of the extension's panel.html inside a closed
 * shadow root, docked to the right edge. The frame's document is cross-origin to the page,
 * so page scripts cannot read it; inline `!important` styles and the top layer (popover)
 * keep page CSS and overlays from hiding or covering it.
 */
const MIN_WIDTH = 280;
const DEFAULT_WIDTH = 360;

export interface PanelFrame {
  readonly open: boolean;
  show(): void;
  hide(): void;
  destroy(): void;
}

function setImportant(element: HTMLElement, styles: Record<string, string>): void {
  for (const [property, value] of Object.entries(styles)) element.style.setProperty(property, value, 'important');
}

export function createPanelFrame(src: string): PanelFrame {
  let width = DEFAULT_WIDTH;
  let host: HTMLElement | null = null;

  function place(element: HTMLElement): void {
    setImportant(element, {
      all: 'initial',
      position: 'fixed',
      inset: '0 0 0 auto',
      width: `${width}px`,
      height: '100vh',
      'max-width': '100vw',
      margin: '0',
      padding: '0',
      border: '0',
      display: 'block',
      visibility: 'visible',
      opacity: '1',
      transform: 'none',
      'z-index': '2147483647',
      'box-shadow': '-2px 0 12px rgba(0, 0, 0, 0.18)',
      background: 'transparent',
    });
  }

  function build(): HTMLElement {
    const element = document.createElement('samepage-panel');
    const root = element.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = `
      :host { all: initial !important; }
      iframe { all: initial; display: block; width: 100%; height: 100%; border: 0; background: Canvas; color-scheme: light dark; }
      .grip { position: absolute; inset: 0 auto 0 -3px; width: 6px; cursor: ew-resize; touch-action: none; }
    `;
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
        element.style.setProperty('width', `${width}px`, 'important');
      };
      grip.addEventListener('pointermove', move);
      grip.addEventListener('pointerup', () => grip.removeEventListener('pointermove', move), { once: true });
    });
    root.append(style, frame, grip);
    place(element);
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
    destroy() {
      this.hide();
    },
  };
}
