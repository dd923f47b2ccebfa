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
  return (
    <p class="name-control">
      You are <strong>{current.name}</strong>
      <button type="button" class="link" onClick={() => setEditing(true)}>
        Change name
      </button>
    </p>
  );
}
