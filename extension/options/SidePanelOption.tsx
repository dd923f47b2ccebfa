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
        Open in Chrome’s side panel
      </label>
      <p id="side-panel-note" class="note">
        The toolbar button then opens Chrome’s side panel instead of the panel in the page, and it follows the tab you
        are on. To know which page that is, Chrome asks you to let samepage read your tabs’ addresses; they stay in your
        browser, as always.
        {refused ? ' Not turned on: that permission was not given.' : ''}
      </p>
    </section>
  );
}
