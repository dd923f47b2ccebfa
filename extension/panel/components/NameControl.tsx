import { t } from '../../lib/i18n.ts';
import { useState } from 'preact/hooks';
import type { ProfileModel } from '../models/profile.ts';
import { NameForm } from './NameForm.tsx';

/** Who you are here, and the way to change it once the first-run prompt is done. */
export function NameControl({ profile }: { profile: ProfileModel }) {
  const [editing, setEditing] = useState(false);
  const current = profile.profile.value;
  if (!current?.named) return null;
  if (editing) {
    return (
      <NameForm
        profile={profile}
        initial={current.name}
        onDone={() => setEditing(false)}
        onCancel={() => setEditing(false)}
      />
    );
  }
  // The name sits where the language puts it: the message is split around its $1.
  const [before = '', after = ''] = t('frame_name_you_are', '\uE000').split('\uE000');
  return (
    <p class="name-control">
      {before}
      <strong>{current.name}</strong>
      {after}
      <button type="button" class="link" onClick={() => setEditing(true)}>
        {t('frame_name_change')}
      </button>
    </p>
  );
}
