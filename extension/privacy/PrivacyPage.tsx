/**
 * The privacy page (issue #15): what the relay receives, what it never receives, what a room
 * key does not hide, who can link a person across rooms, what each thing is kept for, and what
 * stays in the browser. docs/privacy.md says the same for operators and reviewers; the two
 * change together. Retention figures are the relay's defaults (docs/configuration.md).
 */

import { Fragment, type ComponentChildren, type VNode } from 'preact';
import { MAILBOX_MAX_PER_RECIPIENT, MAILBOX_MAX_PER_SENDER, MAILBOX_TTL_MS } from '../../protocol/index.ts';
import { t, type MessageKey } from '../lib/i18n.ts';

const DAY_MS = 86_400_000;

// Private-use characters stand in for elements in a message: nothing a translator writes uses them.
const MARK = 0xe000;
const MARKS = /([\uE000-\uE008])/;

/**
 * A paragraph kept whole for its translators, with elements (a bold word, code, a link) where its
 * `$1`… stand: each element goes through the message as a marker and comes back out in its place.
 */
function rich(key: MessageKey, ...parts: VNode[]): ComponentChildren {
  return t(key, ...parts.map((_part, index) => String.fromCharCode(MARK + index)))
    .split(MARKS)
    .map((piece, index) => (
      <Fragment key={index}>{index % 2 === 1 ? parts[piece.charCodeAt(0) - MARK] : piece}</Fragment>
    ));
}

/** An item of a list: its bold lead (`$1`) inside its sentence. */
function Item({ lead, text, parts = [] }: { lead: MessageKey; text: MessageKey; parts?: VNode[] }) {
  return <li>{rich(text, <strong>{t(lead)}</strong>, ...parts)}</li>;
}

// Code reads left to right whatever the page's direction.
const code = (text: string) => <code dir="ltr">{text}</code>;

const RETENTION: readonly { what: MessageKey; howLong: MessageKey; figures?: number[] }[] = [
  { what: 'privacy_keep_room_messages_what', howLong: 'privacy_keep_room_messages' },
  {
    what: 'privacy_keep_dms_what',
    howLong: 'privacy_keep_dms',
    figures: [MAILBOX_TTL_MS / DAY_MS, MAILBOX_MAX_PER_RECIPIENT, MAILBOX_MAX_PER_SENDER],
  },
  { what: 'privacy_keep_dm_pictures_what', howLong: 'privacy_keep_dm_pictures' },
  { what: 'privacy_keep_grants_what', howLong: 'privacy_keep_grants' },
  { what: 'privacy_keep_sent_what', howLong: 'privacy_keep_sent' },
  { what: 'privacy_keep_credential_what', howLong: 'privacy_keep_credential' },
  { what: 'privacy_keep_lists_what', howLong: 'privacy_keep_lists' },
  { what: 'privacy_keep_presence_what', howLong: 'privacy_keep_presence' },
  { what: 'privacy_keep_reports_what', howLong: 'privacy_keep_reports' },
  { what: 'privacy_keep_bans_what', howLong: 'privacy_keep_bans' },
  { what: 'privacy_keep_ips_what', howLong: 'privacy_keep_ips' },
  { what: 'privacy_keep_logs_what', howLong: 'privacy_keep_logs' },
];

/** `relayHost`: the relay this browser uses now (its host, as the panel shows it). */
export function PrivacyPage({ relayHost }: { relayHost: string }) {
  return (
    <main class="privacy-page">
      <h1>{t('privacy_title')}</h1>
      <p>
        {rich(
          'privacy_intro',
          <strong>{t('privacy_intro_relay')}</strong>,
          <strong class="privacy-relay" data-testid="privacy-relay" dir="ltr">
            {relayHost}
          </strong>,
        )}
      </p>

      <section aria-labelledby="receives">
        <h2 id="receives">{t('privacy_receives_title')}</h2>
        <ul>
          <Item lead="privacy_receives_room_keys_lead" text="privacy_receives_room_keys" parts={[code('#')]} />
          <Item lead="privacy_receives_name_lead" text="privacy_receives_name" />
          <Item lead="privacy_receives_messages_lead" text="privacy_receives_messages" />
          <Item lead="privacy_receives_ip_lead" text="privacy_receives_ip" />
          <Item lead="privacy_receives_dms_lead" text="privacy_receives_dms" />
          <Item lead="privacy_receives_public_key_lead" text="privacy_receives_public_key" />
          <Item lead="privacy_receives_lists_lead" text="privacy_receives_lists" />
          <Item lead="privacy_receives_reports_lead" text="privacy_receives_reports" />
          <Item lead="privacy_receives_credential_lead" text="privacy_receives_credential" />
        </ul>
      </section>

      <section aria-labelledby="never">
        <h2 id="never">{t('privacy_never_title')}</h2>
        <ul>
          <li>{t('privacy_never_address')}</li>
          <li>{t('privacy_never_dms')}</li>
          <li>{t('privacy_never_secret')}</li>
          <li>{t('privacy_never_local')}</li>
        </ul>
      </section>

      <section aria-labelledby="room-keys">
        <h2 id="room-keys">{t('privacy_room_keys_title')}</h2>
        <p>{t('privacy_room_keys_text')}</p>
      </section>

      <section aria-labelledby="linking">
        <h2 id="linking">{t('privacy_linking_title')}</h2>
        <p>{t('privacy_linking_ids')}</p>
        <p>{t('privacy_linking_told')}</p>
        <p>{t('privacy_linking_still')}</p>
      </section>

      <section aria-labelledby="safety">
        <h2 id="safety">{t('privacy_safety_title')}</h2>
        <p>{rich('privacy_safety_text', <strong>{t('privacy_safety_unverified')}</strong>)}</p>
      </section>

      <section aria-labelledby="retention">
        <h2 id="retention">{t('privacy_retention_title')}</h2>
        <p class="note">{t('privacy_retention_note')}</p>
        <table class="privacy-table">
          <thead>
            <tr>
              <th scope="col">{t('privacy_retention_what')}</th>
              <th scope="col">{t('privacy_retention_how_long')}</th>
            </tr>
          </thead>
          <tbody>
            {RETENTION.map(({ what, howLong, figures = [] }) => (
              <tr key={what}>
                <th scope="row">{t(what)}</th>
                <td>{t(howLong, ...figures)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="browser">
        <h2 id="browser">{t('privacy_browser_title')}</h2>
        <p>{t('privacy_browser_text')}</p>
      </section>

      <section aria-labelledby="choose">
        <h2 id="choose">{t('privacy_choose_title')}</h2>
        <p>
          {rich(
            'privacy_choose_text',
            <a href="/options.html">{t('privacy_choose_options')}</a>,
            code('https://'),
            code('wss://'),
          )}
        </p>
      </section>
    </main>
  );
}
