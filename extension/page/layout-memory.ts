/**
 * Inline declarations samepage sets on the page's own elements, each remembered as the page had
 * it (value and priority, or absent; a `style` attribute that was not there at all), so a
 * restore leaves the page exactly as it was. Set `!important`: a page's stylesheet cannot undo it.
 */
export interface LayoutMemory {
  set(element: HTMLElement, property: string, value: string): void;
  restore(): void;
}

interface Before {
  /** Whether the element had a `style` attribute before samepage touched it. */
  hadStyle: boolean;
  properties: Map<string, { value: string; priority: string }>;
}

export function pageLayoutMemory(): LayoutMemory {
  const touched = new Map<HTMLElement, Before>();
  return {
    set(element, property, value) {
      let before = touched.get(element);
      if (!before) {
        before = { hadStyle: element.hasAttribute('style'), properties: new Map() };
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
      for (const [element, { hadStyle, properties }] of touched) {
        for (const [property, { value, priority }] of properties) {
          if (value === '') element.style.removeProperty(property);
          else element.style.setProperty(property, value, priority);
        }
        if (!hadStyle && element.style.length === 0) element.removeAttribute('style');
      }
      touched.clear();
    },
  };
}
