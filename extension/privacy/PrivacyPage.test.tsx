import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { MAILBOX_MAX_PER_RECIPIENT, MAILBOX_MAX_PER_SENDER, MAILBOX_TTL_MS } from '../../protocol/index.ts';
import { loadConfig } from '../../server/config.ts';
import { GRANT_RETENTION_MS, IDENTITY_RETENTION_MS, MODERATION_LIMITS } from '../../server/stores/types.ts';
import { PrivacyPage } from './PrivacyPage.tsx';
import { useLocale } from '../testing/locale.ts';

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

describe('the privacy page in another language', () => {
  afterEach(() => useLocale());

  it('is in German, its paragraphs whole around the relay’s name, the link and the code', () => {
    useLocale('de');
    render(<PrivacyPage relayHost="relay.example:8443" />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Was das Relay sehen kann und was nicht');
    expect(text()).toContain('Du nutzt das Relay unter relay.example:8443. Wer es betreibt');
    expect(screen.getByTestId('privacy-relay').textContent).toBe('relay.example:8443');
    expect(screen.getByRole('link', { name: 'Einstellungen' }).getAttribute('href')).toBe('/options.html');
    expect(text()).toContain('Es muss TLS nutzen (https:// oder wss://)');
    expect(screen.getByText('https://').tagName).toBe('CODE');
    expect(screen.getByRole('region', { name: 'Was das Relay nie erhält' }).textContent).toContain('Titel einer Seite');
    expect(rowOf('Direktnachrichten (verschlüsselt)')).toContain(
      `höchstens ${MAILBOX_TTL_MS / DAY_MS} Tage (${MAILBOX_MAX_PER_RECIPIENT} wartende pro Person`,
    );
    expect(rowOf('Meldungen')).toContain('Bis 10.000 neuere eingegangen sind.');
  });

  it('is in Arabic', () => {
    useLocale('ar');
    render(<PrivacyPage relayHost="relay.example" />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('ما يمكن لخادم الترحيل رؤيته وما لا يمكنه');
    expect(text()).toContain('أنت تستخدم خادم الترحيل على relay.example.');
    expect(screen.getByRole('link', { name: 'الإعدادات' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'أرقام الأمان' })).toBeTruthy();
    expect(screen.getByText('غير موثّقة').tagName).toBe('STRONG');
    expect(screen.getByRole('columnheader', { name: 'إلى متى' })).toBeTruthy();
  });
});
