import { t } from '../../lib/i18n.ts';
export function NoRoom() {
  return <p class="notice">{t('frame_no_room')}</p>;
}
