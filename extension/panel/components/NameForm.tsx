import { t } from '../../lib/i18n.ts';
import { useState } from 'preact/hooks';
import type { TargetedSubmitEvent } from 'preact';
import type { ProfileModel } from '../models/profile.ts';

interface Props {
  profile: ProfileModel;
  initial: string;
  onDone?(): void;
  onCancel?(): void;
}

/** Choosing a display name: the first-run prompt and the rename control both use it. */
export function NameForm({ profile, initial, onDone, onCancel }: Props) {
  const [name, setName] = useState(initial);
  const error = profile.error.value;

  async function onSubmit(event: TargetedSubmitEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (await profile.rename(name)) onDone?.();
  }

  return (
    <form class="name-form" onSubmit={onSubmit}>
      <input
        data-testid="name-input"
        aria-label={t('frame_name_input')}
        value={name}
        autoComplete="nickname"
        onInput={(event) => {
          setName(event.currentTarget.value);
          if (error !== null) profile.clearError();
        }}
      />
      <button type="submit" disabled={profile.saving.value}>
        {t('frame_name_save')}
      </button>
      {onCancel ? (
        <button
          type="button"
          class="quiet"
          onClick={() => {
            profile.clearError();
            onCancel();
          }}
        >
          {t('frame_name_cancel')}
        </button>
      ) : null}
      {error !== null ? (
        <p class="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
