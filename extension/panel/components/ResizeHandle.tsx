import { t } from '../../lib/i18n.ts';
import { useRef } from 'preact/hooks';
import type { FrameLayout } from '../frame-layout.ts';
import './resize-handle.css';

/** One arrow key press. */
const STEP = 16;

/**
 * The injected panel's left edge: drag it, or focus it and press Left/Right (Home/End for the
 * narrowest and widest), to change the panel's width. The page applies and remembers it.
 */
export function ResizeHandle({ frame }: { frame: FrameLayout }) {
  const drag = useRef<{ x: number; width: number } | null>(null);
  const layout = frame.layout.value;
  const width = layout?.width ?? innerWidth;

  function onKeyDown(event: KeyboardEvent): void {
    const next: Record<string, number | undefined> = {
      ArrowLeft: width + STEP,
      ArrowRight: width - STEP,
      Home: layout?.min,
      End: layout?.max,
    };
    const target = next[event.key];
    if (target === undefined) return;
    event.preventDefault();
    frame.requestWidth(target);
  }

  return (
    <div
      class="resize-handle"
      data-testid="resize-handle"
      role="separator"
      aria-orientation="vertical"
      aria-label={t('frame_resize_label')}
      aria-valuenow={width}
      aria-valuemin={layout?.min}
      aria-valuemax={layout?.max}
      aria-valuetext={t('frame_resize_value', width)}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onPointerDown={(event) => {
        if (event.button !== 0) return;
        event.preventDefault();
        event.currentTarget.setPointerCapture(event.pointerId);
        // Screen coordinates: the frame itself moves under the pointer as it widens.
        drag.current = { x: event.screenX, width };
        frame.dragStarted(event.clientX);
      }}
      onPointerMove={(event) => {
        const start = drag.current;
        if (start) frame.requestWidth(start.width + start.x - event.screenX);
      }}
      onPointerUp={() => (drag.current = null)}
      onLostPointerCapture={() => (drag.current = null)}
    >
      <span class="resize-grip" aria-hidden="true" />
    </div>
  );
}
