import { Icon } from './Icon.tsx';
import type { DmSecurity } from '../models/dm-security.ts';
import { t } from '../../lib/i18n.ts';

/** Three groups of five a line, two even lines to read out; the text stays the number, spaces included. */
const halves = (number: string): string[] => {
  const groups = number.split(' ');
  return [`${groups.slice(0, 3).join(' ')} `, groups.slice(3).join(' ')];
};

/**
 * Issue #15: a DM conversation's encryption, under its header: "End-to-end encrypted", verified
 * or not at a glance, and, opened, the safety number to compare with the other person, what an
 * unverified conversation does not protect against, and the switch to mark it verified.
 */
export function SafetyNumber({ security, called }: { security: DmSecurity; called: string }) {
  const trust = security.trust.value;
  if (trust === null) return null;
  if (trust.safetyNumber === null) {
    return (
      <p class="e2e-line" data-testid="dm-e2e">
        {trust.older ? t('dm_e2e_older', called) : t('dm_e2e_key_unknown', called)}
      </p>
    );
  }
  const { verified, safetyNumber } = trust;
  return (
    <details class="e2e" data-testid="dm-e2e">
      <summary>
        <span class="e2e-lock">
          <Icon name="lock" />
        </span>
        {t('dm_e2e_encrypted')}
        <span class={verified ? 'e2e-state verified' : 'e2e-state'} data-testid="verify-state">
          {verified ? t('dm_e2e_verified') : t('dm_e2e_not_verified')}
        </span>
      </summary>
      <div class="e2e-body">
        <p class="e2e-label">{t('dm_e2e_safety_number_with', called)}</p>
        <p class="safety-number" data-testid="safety-number">
          {halves(safetyNumber).map((half) => (
            <span key={half}>{half}</span>
          ))}
        </p>
        <p class="note">{t('dm_e2e_compare', called)}</p>
        <button
          type="button"
          class="small"
          data-testid="verify-contact"
          aria-pressed={verified}
          onClick={() => void security.setVerified(!verified)}
        >
          {t('dm_e2e_mark_verified')}
        </button>
        {security.problem.value !== null ? (
          <p class="notice" role="alert">
            {security.problem.value}
          </p>
        ) : null}
      </div>
    </details>
  );
}
