import { t } from '../../lib/i18n.ts';
import type { ProfileModel } from '../models/profile.ts';
import { NameForm } from './NameForm.tsx';

/** First run: the hub made up a name; the person keeps it or picks theirs. */
export function NamePrompt({ profile, suggested }: { profile: ProfileModel; suggested: string }) {
  return (
    <section class="name-prompt" aria-label={t('frame_name_prompt_label')}>
      <p>{t('frame_name_prompt')}</p>
      <NameForm profile={profile} initial={suggested} />
    </section>
  );
}
