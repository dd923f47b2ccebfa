import type { TargetedSubmitEvent } from 'preact';
import { ALLOW_WORD_LENGTH_MAX, ALLOW_WORDS_MAX } from '../lib/allow-words.ts';
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

const DM_POLICIES = [
  { value: 'everyone', label: 'Everyone in my rooms' },
  { value: 'replied', label: 'Only people I have written to' },
  { value: 'nobody', label: 'Nobody' },
] as const;

const FILTER_LEVELS = [
  { value: 'off', label: 'Off' },
  { value: 'mild', label: 'Mild: mask matched words (f***)' },
  { value: 'strict', label: 'Strict: hide messages with a matched word' },
] as const;

/** Issue #14: the viewer's word filter and the words it lets through. */
function WordFilterSection({ options }: { options: OptionsModel }) {
  return (
    <section class="options-section" aria-labelledby="filter-heading">
      <h2 id="filter-heading">Word filter</h2>
      <Choice
        name="wordFilter"
        legend="Filter rude words in what others write"
        value={options.wordFilter.value}
        choices={FILTER_LEVELS}
        note="Applied in your panel only, to messages, replies and the Messages list; never to what you type. The relay censors nothing."
        onChoose={(level) => void options.setWordFilter(level)}
      />
      <label for="allow-words">Always allow</label>
      <textarea
        id="allow-words"
        rows={4}
        data-testid="allow-words"
        aria-describedby="allow-words-note"
        defaultValue={options.allowWords.value.join('\n')}
        onChange={(event) => void options.setAllowWords(event.currentTarget.value)}
      />
      <p id="allow-words-note" class="note">
        One word or name per line (such as Dick Smith or Scunthorpe), up to {ALLOW_WORDS_MAX} lines of{' '}
        {ALLOW_WORD_LENGTH_MAX} characters. Saved when you leave the box.
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
        <PrivacyLink>Privacy: what the relay can and cannot see</PrivacyLink>
      </p>
      <form class="options" onSubmit={onSubmit} noValidate aria-label="Name and server">
        <label for="name">Display name</label>
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
        <label for="server-url">Server address</label>
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
          Leave empty to use the server this build of samepage was made for ({defaultServerUrl}).
        </p>
        <div class="options-foot">
          <button type="submit">Save</button>
          <span role="status">{options.saved.value ? 'Saved.' : ''}</span>
        </div>
      </form>

      <section class="options-section" aria-labelledby="reach-heading">
        <h2 id="reach-heading">Direct messages</h2>
        <Switch
          options={options}
          setting="stayConnected"
          label="Stay reachable when no panel is open"
          note="Keeps one idle connection to the server while the browser runs, so DMs reach you. No page address is sent."
        />
        <Choice
          name="dmPolicy"
          legend="Who may DM you"
          value={options.dmPolicy.value}
          choices={DM_POLICIES}
          note="The relay refuses other DMs; senders are told only that the message can't be delivered. Someone you never talked with arrives as a message request, which you accept or decline."
          onChoose={(policy) => void options.setDmPolicy(policy)}
        />
      </section>

      <section class="options-section" aria-labelledby="notify-heading">
        <h2 id="notify-heading">Notifications</h2>
        <p class="note" role="status">
          {allowed
            ? 'Notifications are allowed in this browser.'
            : 'Notifications are off: samepage has not been allowed to show them.'}
        </p>
        {allowed ? null : (
          <button type="button" class="options-allow" onClick={() => void options.allowNotifications()}>
            Allow notifications
          </button>
        )}
        <Switch
          options={options}
          setting="notifyDms"
          label="Notify me of DMs and mentions"
          note="Only what no open panel shows. The name and the message are shown by this browser; nothing more is sent."
          disabled={!allowed}
        />
        <Switch
          options={options}
          setting="notifyRequests"
          label="Notify me of message requests"
          note="Off: a first DM from someone new waits quietly in Messages, with no notification and no badge."
        />
        <Switch options={options} setting="doNotDisturb" label="Do not disturb" note="No notifications at all." />
      </section>
      <WordFilterSection options={options} />
      <SafetyLists />
      <SidePanelOption />
      <KeptSitesList />
    </main>
  );
}
