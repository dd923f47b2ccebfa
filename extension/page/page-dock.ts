/**
 * The panel beside the page, not over it: while it is open and expanded the page's root element
 * is narrowed by the panel's width, so the content reflows into what is left (as Hypothesis's
 * side-by-side mode narrows the body). Fixed-position elements are laid out against the viewport,
 * not the root, so each one that reaches under the panel is moved in (a narrow one: a sidebar, a
 * chat bubble) or narrowed (a wide one: a header bar, whose right-hand links then stay in view).
 * Every inline declaration changed is put back exactly as the page had it on restore.
 */
import { pageLayoutMemory } from './layout-memory.ts';
import { MIN_PAGE_WIDTH } from './panel-width.ts';
/** A fixed element at most this share of the remaining width is moved; a wider one is narrowed. */
const MOVABLE_SHARE = 0.5;

export interface PageDock {
  /** Leaves `width` px on the right for the panel; false when the window is too narrow to push. */
  apply(width: number): boolean;
  /** Gives the page back all it had. */
  restore(): void;
}

/** The elements samepage itself puts into pages (the panel, the quote button). */
const isOwn = (element: Element): boolean => element.localName.startsWith('samepage-');

/** The outermost visible fixed-position elements under `root`, own elements and hidden subtrees skipped. */
function fixedElements(root: Element, view: Window): HTMLElement[] {
  const found: HTMLElement[] = [];
  const stack = [...root.children].reverse();
  while (stack.length > 0) {
    const element = stack.pop() as Element;
    if (isOwn(element)) continue;
    const style = view.getComputedStyle(element);
    if (style.display === 'none') continue;
    if (style.position === 'fixed' && element instanceof HTMLElement) {
      found.push(element);
      continue;
    }
    for (let index = element.children.length - 1; index >= 0; index--) stack.push(element.children[index] as Element);
  }
  return found;
}

/** `translate` shifted left by `by` px, keeping any translation the page gave the element. */
function shiftedLeft(translate: string, by: number): string {
  if (translate === 'none' || translate === '') return `-${by}px 0px`;
  const [x = '0px', ...rest] = translate.split(' ');
  return [`calc(${x} - ${by}px)`, ...(rest.length > 0 ? rest : ['0px'])].join(' ');
}

export function createPageDock(doc: Document): PageDock {
  const view = doc.defaultView as Window;
  const memory = pageLayoutMemory();

  /** The viewport without its scrollbar (the root's clientWidth); 0 where nothing is laid out. */
  const viewportWidth = (): number => doc.documentElement.clientWidth || view.innerWidth;

  function fitFixed(element: HTMLElement, limit: number): void {
    const rect = element.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0 || rect.right <= limit) return;
    const overlap = rect.right - limit;
    const style = view.getComputedStyle(element);
    if (rect.width <= limit * MOVABLE_SHARE && rect.left - overlap >= 0) {
      memory.set(element, 'translate', shiftedLeft(style.translate, overlap));
      return;
    }
    // Pinned by its current left edge, so `right` (or RTL) cannot pull it back under the panel.
    memory.set(element, 'left', style.left);
    memory.set(element, 'right', 'auto');
    memory.set(element, 'box-sizing', 'border-box');
    memory.set(element, 'min-width', '0px');
    memory.set(element, 'width', `${Math.max(0, rect.width - overlap)}px`);
  }

  return {
    apply(width) {
      memory.restore();
      const viewport = viewportWidth();
      if (viewport - width < MIN_PAGE_WIDTH) return false;
      // Measured before the root changes: fixed elements do not follow it, only the viewport.
      const fixed = fixedElements(doc.documentElement, view);
      memory.set(doc.documentElement, 'width', `calc(100% - ${width}px)`);
      for (const element of fixed) fitFixed(element, viewport - width);
      return true;
    },
    restore: () => memory.restore(),
  };
}
