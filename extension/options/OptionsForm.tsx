import type { TargetedSubmitEvent } from 'preact';
import type { SwitchKey } from '../lib/storage-keys.ts';
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
        <Switch options={options} setting="doNotDisturb" label="Do not disturb" note="No notifications at all." />
      </section>
      <SafetyLists />
      <SidePanelOption />
      <KeptSitesList />
    </main>
  );
}
