import type { TargetedSubmitEvent } from 'preact';
import { ALLOW_WORD_LENGTH_MAX, ALLOW_WORDS_MAX } from '../lib/allow-words.ts';
import { t } from '../lib/i18n.ts';
import type { SwitchKey } from '../lib/storage-keys.ts';
import { PrivacyLink } from '../privacy/PrivacyLink.tsx';
import { KeptSitesList } from './KeptSitesList.tsx';
import { SafetyLists } from './SafetyLists.tsx';
import type { OptionsModel } from './options-model.ts';
import { SidePanelOption } from './SidePanelOption.tsx';

/** One switch, stored as soon as it is flipped; `note` says what it does or costs. */
function Switch({
  options,
  setting,
  label,
  note,
  disabled = false,
}: {
  options: OptionsModel;
  setting: SwitchKey;
  label: string;
  note?: string;
  disabled?: boolean;
}) {
  const noteId = `${setting}-note`;
  return (
    <div class="options-switch">
      <input
        id={setting}
        type="checkbox"
        checked={options.switches[setting].value}
        disabled={disabled}
        aria-describedby={note ? noteId : undefined}
        onChange={(event) => void options.setSwitch(setting, event.currentTarget.checked)}
      />
      <label for={setting}>{label}</label>
      {note ? (
        <p id={noteId} class="note">
          {note}
        </p>
      ) : null}
    </div>
  );
}

/** Radio buttons for one setting, stored as soon as one is chosen. */
function Choice<T extends string>({
  name,
  legend,
  value,
  choices,
  note,
  onChoose,
}: {
  name: string;
  legend: string;
  value: T;
  choices: readonly { value: T; label: string }[];
  note: string;
  onChoose(value: T): void;
}) {
  return (
    <fieldset class="options-choice" aria-describedby={`${name}-note`}>
      <legend>{legend}</legend>
      {choices.map((choice) => (
        <div key={choice.value} class="options-radio">
          <input
            id={`${name}-${choice.value}`}
            type="radio"
            name={name}
            value={choice.value}
            checked={value === choice.value}
            onChange={() => onChoose(choice.value)}
          />
          <label for={`${name}-${choice.value}`}>{choice.label}</label>
        </div>
      ))}
      <p id={`${name}-note`} class="note">
        {note}
      </p>
    </fieldset>
  );
}

// Functions, not constants: the labels are read in the language shown when the page renders.
const dmPolicies = () =>
  [
    { value: 'everyone', label: t('options_dm_everyone') },
    { value: 'replied', label: t('options_dm_replied') },
    { value: 'nobody', label: t('options_dm_nobody') },
  ] as const;

const filterLevels = () =>
  [
    { value: 'off', label: t('options_filter_off') },
    { value: 'mild', label: t('options_filter_mild') },
    { value: 'strict', label: t('options_filter_strict') },
  ] as const;

/** Issue #14: the viewer's word filter and the words it lets through. */
function WordFilterSection({ options }: { options: OptionsModel }) {
  return (
    <section class="options-section" aria-labelledby="filter-heading">
      <h2 id="filter-heading">{t('options_filter_title')}</h2>
      <Choice
        name="wordFilter"
        legend={t('options_filter_legend')}
        value={options.wordFilter.value}
        choices={filterLevels()}
        note={t('options_filter_note')}
        onChoose={(level) => void options.setWordFilter(level)}
      />
      <label for="allow-words">{t('options_allow_words_label')}</label>
      <textarea
        id="allow-words"
        rows={4}
        data-testid="allow-words"
        aria-describedby="allow-words-note"
        defaultValue={options.allowWords.value.join('\n')}
        onChange={(event) => void options.setAllowWords(event.currentTarget.value)}
      />
      <p id="allow-words-note" class="note">
        {t('options_allow_words_note', ALLOW_WORDS_MAX, ALLOW_WORD_LENGTH_MAX)}
      </p>
    </section>
  );
}

/** `defaultServerUrl` is the build's, used while the field is empty. */
export function OptionsForm({ options, defaultServerUrl }: { options: OptionsModel; defaultServerUrl: string }) {
  if (!options.loaded.value) return null;
  const nameError = options.nameError.value;
  const serverUrlError = options.serverUrlError.value;
  const allowed = options.notificationsAllowed.value;

  function onSubmit(event: TargetedSubmitEvent<HTMLFormElement>): void {
    event.preventDefault();
    void options.save();
  }

  return (
    <main class="options-page">
      <h1>samepage</h1>
      <p class="options-privacy">
        <PrivacyLink>{t('options_privacy_link')}</PrivacyLink>
      </p>
      <form class="options" onSubmit={onSubmit} noValidate aria-label={t('options_form_label')}>
        <label for="name">{t('options_name_label')}</label>
        <input
          id="name"
          value={options.name.value}
          autoComplete="nickname"
          aria-invalid={nameError !== null}
          aria-describedby={nameError !== null ? 'name-error' : undefined}
          onInput={(event) => options.setName(event.currentTarget.value)}
        />
        {nameError !== null ? (
          <p id="name-error" class="form-error">
            {nameError}
          </p>
        ) : null}
        <label for="server-url">{t('options_server_label')}</label>
        <input
          id="server-url"
          type="url"
          value={options.serverUrl.value}
          placeholder={defaultServerUrl}
          aria-invalid={serverUrlError !== null}
          aria-describedby={serverUrlError !== null ? 'server-url-error server-url-note' : 'server-url-note'}
          onInput={(event) => options.setServerUrl(event.currentTarget.value)}
        />
        {serverUrlError !== null ? (
          <p id="server-url-error" class="form-error">
            {serverUrlError}
          </p>
        ) : null}
        <p id="server-url-note" class="note">
          {t('options_server_note', defaultServerUrl)}
        </p>
        <div class="options-foot">
          <button type="submit">{t('options_save')}</button>
          <span role="status">{options.saved.value ? t('options_saved') : ''}</span>
        </div>
      </form>

      <section class="options-section" aria-labelledby="reach-heading">
        <h2 id="reach-heading">{t('options_dm_title')}</h2>
        <Switch
          options={options}
          setting="stayConnected"
          label={t('options_stay_connected_label')}
          note={t('options_stay_connected_note')}
        />
        <Choice
          name="dmPolicy"
          legend={t('options_dm_legend')}
          value={options.dmPolicy.value}
          choices={dmPolicies()}
          note={t('options_dm_note')}
          onChoose={(policy) => void options.setDmPolicy(policy)}
        />
      </section>

      <section class="options-section" aria-labelledby="notify-heading">
        <h2 id="notify-heading">{t('options_notify_title')}</h2>
        <p class="note" role="status">
          {allowed ? t('options_notify_allowed') : t('options_notify_not_allowed')}
        </p>
        {allowed ? null : (
          <button type="button" class="options-allow" onClick={() => void options.allowNotifications()}>
            {t('options_notify_allow')}
          </button>
        )}
        <Switch
          options={options}
          setting="notifyDms"
          label={t('options_notify_dms_label')}
          note={t('options_notify_dms_note')}
          disabled={!allowed}
        />
        <Switch
          options={options}
          setting="notifyRequests"
          label={t('options_notify_requests_label')}
          note={t('options_notify_requests_note')}
        />
        <Switch
          options={options}
          setting="doNotDisturb"
          label={t('options_do_not_disturb_label')}
          note={t('options_do_not_disturb_note')}
        />
      </section>
      <WordFilterSection options={options} />
      <SafetyLists />
      <SidePanelOption />
      <KeptSitesList />
    </main>
  );
}
