/**
 * Where the full emoji picker opens: over the message list it was opened from, growing upward
 * from the list's foot, so it never covers the composer below the list (where the person types)
 * and never leaves the panel. Fixed to the viewport, since the message it belongs to clips nothing.
 */

/** The picker's height when the panel has room for it. */
export const PICKER_HEIGHT = 380;
const MARGIN = 8;

export interface PickerPlace {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/**
 * `list`: the message list's box; `viewport`: the panel's size. Where the list is shorter than
 * the picker, the picker grows up over the header instead, and only as far as the panel's top.
 */
export function pickerPlace(
  list: Pick<DOMRect, 'top' | 'bottom' | 'left' | 'right'>,
  viewport: { width: number; height: number },
): PickerPlace {
  const bottom = Math.min(list.bottom, viewport.height) - MARGIN;
  return {
    top: Math.max(MARGIN, bottom - PICKER_HEIGHT),
    bottom: viewport.height - bottom,
    left: Math.max(MARGIN, list.left + MARGIN),
    right: Math.max(MARGIN, viewport.width - list.right + MARGIN),
  };
}
