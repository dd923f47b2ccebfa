import { useEffect } from 'preact/hooks';
import { frameVisibility } from '../frame-visibility.ts';

/** Says that an action did nothing because the page covered the panel (frame-visibility.ts). */
export function CoveredNotice() {
  const refusal = frameVisibility.refusal.value;
  // A refusal belongs to the conversation it happened in.
  useEffect(() => () => frameVisibility.dismiss(), []);
  if (refusal === null) return null;
  return (
    <p class="covered" role="alert" data-testid="covered-notice">
      {refusal}
    </p>
  );
}
