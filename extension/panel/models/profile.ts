/**
 * The person's display name. The hub owns it (it persists it and renames on the server);
 * the panel shows it, asks for a name on first run, and checks a new name with the same
 * rule the server applies before asking the hub.
 */
import { batch, signal, type ReadonlySignal } from '@preact/signals';
import { nameProblem, normalizeName } from '../../../protocol/index.ts';
import { explainError } from '../../lib/explain-error.ts';
import { t } from '../../lib/i18n.ts';
import type { Profile } from '../../lib/domain.ts';
import type { HubClient } from '../hub-client.ts';

export interface ProfileModel {
  /** Null until the hub has said who we are. */
  readonly profile: ReadonlySignal<Profile | null>;
  /** Why the last rename was refused, in words. */
  readonly error: ReadonlySignal<string | null>;
  readonly saving: ReadonlySignal<boolean>;
  /** Resolves true once the name is taken. */
  rename(name: string): Promise<boolean>;
  clearError(): void;
  dispose(): void;
}

export function createProfileModel(hub: HubClient): ProfileModel {
  const profile = signal<Profile | null>(null);
  const error = signal<string | null>(null);
  const saving = signal(false);
  const stop = hub.on('profile:update', (next) => {
    profile.value = next;
  });

  return {
    profile,
    error,
    saving,
    async rename(name) {
      const problem = nameProblem(name);
      if (problem !== null) {
        error.value = t('model_name_refused', problem);
        return false;
      }
      batch(() => {
        saving.value = true;
        error.value = null;
      });
      const answer = await hub.request('profile:rename', { name: normalizeName(name) });
      batch(() => {
        saving.value = false;
        if (answer.ok) profile.value = answer.profile;
        else error.value = explainError(answer.error);
      });
      return answer.ok;
    },
    clearError() {
      error.value = null;
    },
    dispose: stop,
  };
}
