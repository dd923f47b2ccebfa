import { t } from '../lib/i18n.ts';
import { useEffect, useState } from 'preact/hooks';
import { chooseSidePanel, readSidePanelChoice, sidePanelApi } from '../lib/side-panel.ts';
import './side-panel-option.css';

/** "Open in Chrome's side panel" (lib/side-panel.ts); absent in a browser without one. */
export function SidePanelOption() {
  const [on, setOn] = useState<boolean | null>(null);
  const [refused, setRefused] = useState(false);

  useEffect(() => {
    if (sidePanelApi()) void readSidePanelChoice().then(setOn);
  }, []);

  if (on === null) return null;

  async function choose(next: boolean): Promise<void> {
    // The request comes first, still inside the click: the browser grants it only then.
    const now = await chooseSidePanel(next).catch(() => on ?? false);
    setRefused(next && !now);
    setOn(now);
  }

  return (
    <section class="side-panel-option">
      <label>
        <input
          type="checkbox"
          data-testid="side-panel-option"
          checked={on}
          aria-describedby="side-panel-note"
          onChange={(event) => void choose(event.currentTarget.checked)}
        />
        {t('options_side_panel_label')}
      </label>
      <p id="side-panel-note" class="note">
        {t('options_side_panel_note')}
        {refused ? t('options_side_panel_refused') : ''}
      </p>
    </section>
  );
}
