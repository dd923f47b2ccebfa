import { t } from '../../lib/i18n.ts';

/**
 * The header's title. A page writes its own title, so it could read "samepage: sign in again"
 * or anything else meant to look like the panel speaking: it is shown as a quote under a
 * "page" label, and read out as the page's words, never as samepage's.
 */
export function PageTitle({ title }: { title: string | undefined }) {
  if (!title) return <h1 class="title">samepage</h1>;
  return (
    <h1 class="title" title={t('frame_title_supplied', title)}>
      <span class="title-source" aria-hidden="true">
        {t('frame_title_source')}
      </span>
      <span class="sr-only">{t('frame_title_supplied_sr')} </span>
      <q class="page-title" data-testid="page-title" dir="auto">
        <bdi>{title}</bdi>
      </q>
    </h1>
  );
}
