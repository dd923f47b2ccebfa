import { t } from '../lib/i18n.ts';
import { useEffect, useState } from 'preact/hooks';
import { keptSites, stopKeeping, type KeepOpenApi, type KeptSite } from '../lib/kept-sites.ts';
import './kept-sites.css';

/**
 * The sites where samepage opens by itself ("Keep samepage open on this site" in the panel),
 * each with a way to stop. `api`: a seam for tests.
 */
export function KeptSitesList({ api }: { api?: KeepOpenApi }) {
  const [sites, setSites] = useState<KeptSite[] | null>(null);

  async function load(): Promise<void> {
    setSites(await keptSites(api).catch(() => []));
  }

  useEffect(() => {
    void load();
    // Sites are kept from the panel, in another tab: coming back here shows them.
    const onVisible = (): void => void (document.visibilityState === 'visible' && load());
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, []);

  async function remove(site: KeptSite): Promise<void> {
    await stopKeeping(site, api).catch(() => undefined);
    await load();
  }

  if (sites === null) return null;
  return (
    <section class="kept-sites" aria-labelledby="kept-sites-title">
      <h2 id="kept-sites-title">{t('options_kept_title')}</h2>
      {sites.length === 0 ? (
        <p class="note">{t('options_kept_none')}</p>
      ) : (
        <>
          <p class="note">{t('options_kept_note')}</p>
          <ul data-testid="kept-sites">
            {sites.map((site) => (
              <li key={site.label} data-site={site.label}>
                <span>{site.label.replace(/^https?:\/\//, '')}</span>
                <button type="button" class="small" onClick={() => void remove(site)}>
                  {t('options_kept_remove')}
                  <span class="sr-only"> {site.label}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
