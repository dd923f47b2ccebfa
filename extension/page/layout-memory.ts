/**
 * Inline declarations samepage sets on the page's own elements, each remembered as the page had
 * it (value and priority, or absent), so a restore leaves the page exactly as it was: the `style`
 * attribute as written, or none, unless the page changed other declarations in it meanwhile. Set `!important`: a page's stylesheet cannot undo it.
 */
export interface LayoutMemory {
  set(element: HTMLElement, property: string, value: string): void;
  restore(): void;
}

interface Before {
  /** The element's `style` attribute before samepage touched it, as written, or null. */
  attribute: string | null;
  /** The same, as the browser reads it: equal again after a restore unless the page changed some. */
  declarations: string;
  properties: Map<string, { value: string; priority: string }>;
}

export function pageLayoutMemory(): LayoutMemory {
  const touched = new Map<HTMLElement, Before>();
  return {
    set(element, property, value) {
      let before = touched.get(element);
      if (!before) {
        before = {
          attribute: element.getAttribute('style'),
          declarations: element.style.cssText,
          properties: new Map(),
        };
        touched.set(element, before);
      }
      if (!before.properties.has(property)) {
        before.properties.set(property, {
          value: element.style.getPropertyValue(property),
          priority: element.style.getPropertyPriority(property),
        });
      }
      element.style.setProperty(property, value, 'important');
    },
    restore() {
      for (const [element, { attribute, declarations, properties }] of touched) {
        for (const [property, { value, priority }] of properties) {
          if (value === '') element.style.removeProperty(property);
          else element.style.setProperty(property, value, priority);
        }
        // The attribute as the page wrote it, when nothing else in it changed meanwhile.
        if (element.style.cssText !== declarations) continue;
        // Set first, then removed: Chrome writes CSSOM changes into the attribute lazily, and a
        // removal before that write let it come back later as `style=""`.
        element.setAttribute('style', attribute ?? '');
        if (attribute === null) element.removeAttribute('style');
      }
      touched.clear();
    },
  };
}
