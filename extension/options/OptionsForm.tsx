import type { TargetedSubmitEvent } from 'preact';
import { KeptSitesList } from './KeptSitesList.tsx';
import { SidePanelOption } from './SidePanelOption.tsx';
import type { OptionsModel } from './options-model.ts';

/** `defaultServerUrl` is the build's, used while the field is empty. */
export function OptionsForm({ options, defaultServerUrl }: { options: OptionsModel; defaultServerUrl: string }) {
  if (!options.loaded.value) return null;
  const nameError = options.nameError.value;
  const serverUrlError = options.serverUrlError.value;

  function onSubmit(event: TargetedSubmitEvent<HTMLFormElement>): void {
    event.preventDefault();
    void options.save();
  }

  return (
    <form class="options" onSubmit={onSubmit} noValidate>
      <h1>samepage</h1>
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
        aria-describedby="server-url-note"
        onInput={(event) => options.setServerUrl(event.currentTarget.value)}
      />
      {serverUrlError !== null ? <p class="form-error">{serverUrlError}</p> : null}
      <p id="server-url-note" class="note">
        Leave empty to use the server this build of samepage was made for ({defaultServerUrl}).
      </p>
      <div class="options-foot">
        <button type="submit">Save</button>
        <span role="status">{options.saved.value ? 'Saved.' : ''}</span>
      </div>
      <SidePanelOption />
      <KeptSitesList />
    </form>
  );
}
