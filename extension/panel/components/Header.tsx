import { plural, t } from '../../lib/i18n.ts';
import type { PanelModels } from '../models/index.ts';
import { ActivityMarker, InboxButton } from './Awareness.tsx';
import { ConnectionStatus } from './ConnectionStatus.tsx';
import { Icon } from './Icon.tsx';
import { KeepOpenControl } from './KeepOpenControl.tsx';
import { NameControl } from './NameControl.tsx';
import { PageTitle } from './PageTitle.tsx';
import { RelayLine } from './RelayLine.tsx';
import { ScopeSwitch } from './ScopeSwitch.tsx';

/** The page's title is shown here only: the server never learns it. */
export function Header({ models }: { models: PanelModels }) {
  const { page, connection, profile, room, images, dm, inbox, navigation } = models;
  const context = page.context.value;
  const count = room.memberCount.value;
  const injected = page.mode === 'injected';

  return (
    <header class="header">
      <div class="header-row">
        <PageTitle title={context?.title} />
        <InboxButton inbox={inbox} navigation={navigation} />
        {injected && context?.status === 'ok' ? (
          <button type="button" class="icon" aria-label={t('frame_open_in_tab')} onClick={() => page.popOut()}>
            <Icon name="popOut" />
          </button>
        ) : null}
        {injected ? (
          <button
            type="button"
            class="icon"
            data-testid="panel-collapse"
            aria-label={t('frame_collapse_label')}
            title={t('frame_collapse_title')}
            onClick={() => page.collapse()}
          >
            <Icon name="collapse" />
          </button>
        ) : null}
        {injected ? (
          <button type="button" class="icon" aria-label={t('frame_close_label')} onClick={() => page.close()}>
            <Icon name="close" />
          </button>
        ) : null}
      </div>
      <div class="header-row">
        <ConnectionStatus connection={connection} />
        {context?.status === 'ok' ? (
          <>
            <span class="count">{plural('frame_here_count', count)}</span>
            <ScopeSwitch room={room} context={context} />
            {dm.peer.value === null && navigation.screen.value === 'room' ? (
              <button
                type="button"
                class="quiet small"
                data-testid="gallery-button"
                aria-haspopup="dialog"
                onClick={() => images.showGallery(true)}
              >
                {t('frame_images')}
              </button>
            ) : null}
          </>
        ) : null}
      </div>
      {dm.peer.value !== null || navigation.screen.value === 'inbox' ? (
        <ActivityMarker
          navigation={navigation}
          hasRoom={room.room.value !== null}
          inConversation={dm.peer.value !== null}
        />
      ) : null}
      <NameControl profile={profile} />
      <RelayLine connection={connection} />
      {injected && context?.status === 'ok' ? <KeepOpenControl siteUrl={context.site.label} /> : null}
    </header>
  );
}
