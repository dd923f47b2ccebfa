import type { PanelModels } from '../models/index.ts';
import { DmView } from './DmView.tsx';
import { Header } from './Header.tsx';
import { NamePrompt } from './NamePrompt.tsx';
import { NoRoom } from './NoRoom.tsx';
import { OptedOut } from './OptedOut.tsx';
import { RoomView } from './RoomView.tsx';

function Body({ models }: { models: PanelModels }) {
  const { page, room, dm, quote, images } = models;
  const context = page.context.value;
  if (context === null) return <p class="notice">Finding this page's room…</p>;
  if (context.status === 'no_room') return <NoRoom />;
  if (context.status === 'opted_out') return <OptedOut />;
  const peer = dm.peer.value;
  return peer ? (
    <DmView dm={dm} peer={peer} self={room.self.value} tagOf={room.tagOf} />
  ) : (
    <RoomView
      room={room}
      dm={dm}
      quote={quote}
      images={images}
      offline={models.connection.state.value.status === 'offline'}
    />
  );
}

export function App({ models }: { models: PanelModels }) {
  const profile = models.profile.profile.value;
  return (
    <div class="panel" data-testid="panel">
      <Header models={models} />
      {profile?.named === false ? <NamePrompt profile={models.profile} suggested={profile.name} /> : null}
      <main class="body">
        <Body models={models} />
      </main>
    </div>
  );
}
