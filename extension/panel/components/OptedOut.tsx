import { t } from '../../lib/i18n.ts';
/** The page carries `<meta name="samepage" content="off">` (PROTOCOL.md, "Publisher opt-out"). */
export function OptedOut() {
  return <p class="notice">{t('frame_opted_out')}</p>;
}
