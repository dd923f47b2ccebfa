import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { MAILBOX_MAX_PER_RECIPIENT, MAILBOX_MAX_PER_SENDER, MAILBOX_TTL_MS } from '../../protocol/index.ts';
import { loadConfig } from '../../server/config.ts';
import { GRANT_RETENTION_MS, IDENTITY_RETENTION_MS, MODERATION_LIMITS } from '../../server/stores/types.ts';
import { PrivacyPage } from './PrivacyPage.tsx';

afterEach(cleanup);

const DAY_MS = 86_400_000;
const text = (): string => (document.body.textContent ?? '').replace(/\s+/g, ' ');
const rowOf = (what: string): string =>
  screen.getByRole('rowheader', { name: what }).closest('tr')?.textContent?.replace(/\s+/g, ' ') ?? '';

describe('the privacy page', () => {
  it('names the relay in use and links to the options to choose another', () => {
    render(<PrivacyPage relayHost="relay.example:8443" />);
    expect(screen.getByTestId('privacy-relay').textContent).toBe('relay.example:8443');
    expect(screen.getByRole('link', { name: 'options' }).getAttribute('href')).toBe('/options.html');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('What the relay can and cannot see');
  });

  it('says what the relay never receives, and what a room key does not hide', () => {
    render(<PrivacyPage relayHost="localhost:3000" />);
    const never = screen.getByRole('region', { name: 'What the relay never receives' }).textContent ?? '';
    for (const words of ['URL', 'title', 'DMs', 'reactions', 'edits', 'install’s secret'])
      expect(never).toContain(words);
    expect(text()).toContain('anyone who knows or guesses an address can compute its key');
    expect(text()).toContain('The relay itself can');
    expect(text()).toContain('a relay that hands each of you a key of its own');
  });

  it('gives the retention the relay’s defaults actually have', () => {
    render(<PrivacyPage relayHost="localhost:3000" />);
    const config = loadConfig({});
    expect(rowOf('Room messages and pictures')).toContain(
      `newest ${config.historyPerRoom} messages of each room, none older than ${config.historyMaxAgeDays} days`,
    );
    expect(rowOf('DMs (ciphertext)')).toContain(
      `at most ${MAILBOX_TTL_MS / DAY_MS} days (${MAILBOX_MAX_PER_RECIPIENT} waiting per person, ${MAILBOX_MAX_PER_SENDER} from one sender)`,
    );
    expect(rowOf('That two people talked in a room')).toContain(
      `${GRANT_RETENTION_MS / DAY_MS} days after their last DM`,
    );
    expect(config.idempotencyTtlMs).toBe(DAY_MS);
    expect(rowOf('A record of each message you sent')).toContain('1 day');
    expect(rowOf('Your credential’s id, and when it was first seen')).toContain(
      `${IDENTITY_RETENTION_MS / DAY_MS} days after you last connected`,
    );
    expect(rowOf('Your block list and who may DM you')).toContain(
      `${MODERATION_LIMITS.privacyRetentionMs / DAY_MS} days after your browser last sent them`,
    );
    expect(rowOf('Reports')).toContain(`${MODERATION_LIMITS.reports.toLocaleString('en')} newer ones`);
    expect(rowOf('Bans')).toContain(`last ${MODERATION_LIMITS.audit.toLocaleString('en')}`);
  });
});
