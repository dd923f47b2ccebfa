import { Icon } from './Icon.tsx';
import type { DmSecurity } from '../models/dm-security.ts';

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
        {trust.older
          ? `${called} uses an older samepage that cannot receive encrypted messages.`
          : `${called}’s encryption key is not known on this device yet: it is once you are both on their page again.`}
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
        End-to-end encrypted ·{' '}
        <span class={verified ? 'e2e-state verified' : 'e2e-state'} data-testid="verify-state">
          {verified ? 'Verified' : 'Not verified'}
        </span>
      </summary>
      <div class="e2e-body">
        <p class="e2e-label">Safety number with {called}</p>
        <p class="safety-number" data-testid="safety-number">
          {halves(safetyNumber).map((half) => (
            <span key={half}>{half}</span>
          ))}
        </p>
        <p class="note">
          Compare it with {called} in person or over another channel: it is the same on both sides. Until you do, a
          relay that swaps keys could read this conversation; otherwise the relay cannot read it.
        </p>
        <button
          type="button"
          class="small"
          data-testid="verify-contact"
          aria-pressed={verified}
          onClick={() => void security.setVerified(!verified)}
        >
          Mark as verified
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
