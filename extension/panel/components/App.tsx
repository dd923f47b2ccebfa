import { t } from '../../lib/i18n.ts';
import { useContext, useEffect } from 'preact/hooks';
import type { PanelModels } from '../models/index.ts';
import { DmPicturesContext } from './dm-pictures-context.ts';
import { Header } from './Header.tsx';
import { NamePrompt } from './NamePrompt.tsx';
import { NoRoom } from './NoRoom.tsx';
import { OptedOut } from './OptedOut.tsx';
import { DmView, InboxView, ReportDialog } from './panel-views.ts';
import { RoomView } from './RoomView.tsx';
import { SafetyContext } from './safety-context.ts';
import { WhatsNew } from './WhatsNew.tsx';

function Body({ models }: { models: PanelModels }) {
  const { page, room, dm, quote, images, dmPictures, inbox, navigation } = models;
  const context = page.context.value;
  // A conversation and the inbox need no room: they open on any panel, even one without a page.
  const peer = dm.peer.value;
  if (peer) {
    return (
      <DmPicturesContext.Provider value={dmPictures}>
        <DmView
          dm={dm}
          pictures={dmPictures}
          inbox={inbox}
          peer={peer}
          self={room.self.value}
          tagOf={room.tagOf}
          onBack={navigation.back}
          backLabel={navigation.screen.value === 'inbox' ? t('frame_back_to_messages') : t('frame_back_to_room')}
        />
      </DmPicturesContext.Provider>
    );
  }
  if (navigation.screen.value === 'inbox') return <InboxView inbox={inbox} navigation={navigation} />;
  if (context === null) return <p class="notice">{t('frame_finding_room')}</p>;
  if (context.status === 'no_room') return <NoRoom />;
  if (context.status === 'opted_out') return <OptedOut />;
  return (
    <RoomView
      room={room}
      dm={dm}
      quote={quote}
      images={images}
      offline={models.connection.state.value.status === 'offline'}
    />
  );
}

/** The panel's one report dialog, over everything, for the report SafetyMenu started (its code comes when first needed). */
function ReportHost() {
  const safety = useContext(SafetyContext);
  const subject = safety?.reporting.value;
  if (!safety || !subject) return null;
  return <ReportDialog key={subject.message?.id ?? subject.person.id} {...subject} onClose={safety.endReport} />;
}

/** Moves focus where the last move between views asked, once that view has rendered. */
function useRequestedFocus(models: PanelModels): void {
  const request = models.navigation.focus.value;
  useEffect(() => {
    if (request) document.querySelector<HTMLElement>(request.selector)?.focus();
  }, [request]);
}

export function App({ models }: { models: PanelModels }) {
  const profile = models.profile.profile.value;
  useRequestedFocus(models);
  return (
    <SafetyContext.Provider value={models.safety}>
      <div class="panel" data-testid="panel">
        <Header models={models} />
        <WhatsNew />
        {profile?.named === false ? <NamePrompt profile={models.profile} suggested={profile.name} /> : null}
        <main class="body">
          <Body models={models} />
        </main>
        <ReportHost />
      </div>
    </SafetyContext.Provider>
  );
}
