import type { ProfileModel } from '../models/profile.ts';
import { NameForm } from './NameForm.tsx';

/** First run: the hub made up a name; the person keeps it or picks theirs. */
export function NamePrompt({ profile, suggested }: { profile: ProfileModel; suggested: string }) {
  return (
    <section class="name-prompt" aria-label="Choose your name">
      <p>Choose the name others here will see.</p>
      <NameForm profile={profile} initial={suggested} />
    </section>
  );
}
