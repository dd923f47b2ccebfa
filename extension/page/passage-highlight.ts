/**
 * Shows a found passage (issue #12, "Quote the page"): scrolls it into view, smoothly unless the
 * person asked for reduced motion, and highlights it for a few seconds with the CSS Custom
 * Highlight API, which paints the range without touching the page's DOM (no wrapper elements
 * for the page's scripts or styles to trip over). Where the API is missing, the passage is
 * selected instead. One passage is shown at a time: a new one replaces the last.
 */

/** The highlight's name, in `CSS.highlights` and in the `::highlight()` rule. */
export const HIGHLIGHT_NAME = 'samepage-quote';

/** How long the highlight stays. */
export const HIGHLIGHT_MS = 4000;

// Colours of a marker pen, the same in light and dark pages: the text stays readable on it.
const RULE = `::highlight(${HIGHLIGHT_NAME}) { background-color: #ffd43b; color: #1f2328; }`;

/** The API's parts this module uses (TypeScript's DOM types lack HighlightRegistry's map methods). */
interface Highlights {
  set(name: string, highlight: object): void;
  delete(name: string): boolean;
}

function highlightApi(view: Window): { highlights: Highlights; Highlight: new (range: Range) => object } | null {
  const { CSS: css, Highlight } = view as unknown as { CSS?: { highlights?: Highlights }; Highlight?: never };
  return css?.highlights && Highlight ? { highlights: css.highlights, Highlight } : null;
}

export interface PassageHighlighter {
  show(range: Range): void;
  dispose(): void;
}

export function createPassageHighlighter(doc: Document): PassageHighlighter {
  const view = doc.defaultView as Window;
  let style: HTMLStyleElement | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function clear(): void {
    clearTimeout(timer);
    highlightApi(view)?.highlights.delete(HIGHLIGHT_NAME);
  }

  function highlight(range: Range): void {
    const api = highlightApi(view);
    if (!api) {
      const selection = doc.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      return;
    }
    if (!style?.isConnected) {
      style = doc.createElement('style');
      style.textContent = RULE;
      (doc.head ?? doc.documentElement).append(style);
    }
    api.highlights.set(HIGHLIGHT_NAME, new api.Highlight(range));
    timer = setTimeout(clear, HIGHLIGHT_MS);
  }

  return {
    show(range) {
      clear();
      const reduced = view.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
      const start = range.startContainer;
      const element = start.nodeType === Node.ELEMENT_NODE ? (start as Element) : start.parentElement;
      // The passage's first element: scrolling to the common ancestor of a long one could miss it.
      element?.scrollIntoView({ block: 'center', behavior: reduced ? 'instant' : 'smooth' });
      highlight(range);
    },
    dispose() {
      clear();
      style?.remove();
      style = null;
    },
  };
}
