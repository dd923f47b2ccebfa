import { t } from '../../lib/i18n.ts';
import { useEffect, useState } from 'preact/hooks';
import { isKept, keepOpen, siteOf, stopKeeping, type KeepOpenApi } from '../../lib/kept-sites.ts';
import './keep-open.css';

type State = 'unknown' | 'kept' | 'not_kept' | 'refused' | 'failed';

const WORDS: Partial<Record<State, () => string>> = {
  kept: () => t('frame_keep_open_kept'),
  refused: () => t('frame_keep_open_refused'),
  failed: () => t('frame_keep_open_failed'),
};

/**
 * "Keep samepage open on this site" (issue #13): the checkbox asks the browser for this site's
 * hosts on the person's click, then registers the content script there (lib/kept-sites.ts).
 * `siteUrl`: the site's address as the page's context gives it. `api`: a seam for tests.
 */
export function KeepOpenControl({ siteUrl, api }: { siteUrl: string; api?: KeepOpenApi }) {
  const site = siteOf(siteUrl);
  const [state, setState] = useState<State>('unknown');
  const [busy, setBusy] = useState(false);
  // The words follow a change the person made; a site kept earlier shows only the ticked box.
  const [changed, setChanged] = useState(false);

  useEffect(() => {
    if (!site) return;
    let current = true;
    void isKept(site, api).then(
      (kept) => current && setState(kept ? 'kept' : 'not_kept'),
      () => current && setState('not_kept'),
    );
    return () => void (current = false);
  }, [site?.label]);

  if (!site || state === 'unknown') return null;

  async function toggle(on: boolean): Promise<void> {
    if (!site) return;
    setBusy(true);
    try {
      // The request comes first, still inside the click: the browser grants it only then.
      if (on) setState((await keepOpen(site, api)) ? 'kept' : 'refused');
      else {
        await stopKeeping(site, api);
        setState('not_kept');
      }
    } catch {
      setState('failed');
    } finally {
      setBusy(false);
      setChanged(true);
    }
  }

  const note = changed ? WORDS[state]?.() : undefined;
  return (
    <div class="keep-open">
      <label>
        <input
          type="checkbox"
          data-testid="keep-open"
          checked={state === 'kept'}
          disabled={busy}
          aria-describedby={note ? 'keep-open-note' : undefined}
          onChange={(event) => void toggle(event.currentTarget.checked)}
        />
        {t('frame_keep_open')}
      </label>
      {note ? (
        <p id="keep-open-note" class="keep-open-note" role="status">
          {note}
        </p>
      ) : null}
    </div>
  );
}
