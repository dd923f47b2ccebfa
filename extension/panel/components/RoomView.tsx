import { useRef } from 'preact/hooks';
import type { DmModel } from '../models/dm.ts';
import type { ImagesModel } from '../models/images.ts';
import type { PageQuoteModel } from '../models/page-quote.ts';
import type { RoomModel } from '../models/room.ts';
import { Composer } from './Composer.tsx';
import { ImagesContext } from './images-context.ts';
import { MemberList } from './MemberList.tsx';
import { MessageList } from './MessageList.tsx';
import { NewcomerNotice } from './NewcomerNotice.tsx';
import { ImageGallery, ImageViewer } from './panel-views.ts';
import { QuotePreview } from './QuotePreview.tsx';
import { readOnlyComposer, RoomModeNotice } from './RoomModeNotice.tsx';
import { TypingLine } from './TypingLine.tsx';
import { useConversation } from './use-conversation.ts';
import { t } from '../../lib/i18n.ts';
import { useDroppedImages } from './use-dropped-images.ts';

/**
 * The gallery and the picture viewer, put in the panel when first opened (their code comes
 * then) and kept there after, closed, as a dialog that was always there would be.
 */
function ImageDialogs({ images }: { images: ImagesModel }) {
  const opened = useRef({ gallery: false, viewer: false });
  if (images.galleryOpen.value) opened.current.gallery = true;
  if (images.viewing.value !== null) opened.current.viewer = true;
  return (
    <>
      {opened.current.gallery ? <ImageGallery images={images} /> : null}
      {opened.current.viewer ? <ImageViewer images={images} /> : null}
    </>
  );
}

/** `offline`: the relay cannot be reached or refused the connection; the header says why. */
export function RoomView({
  room,
  dm,
  quote,
  images,
  offline,
}: {
  room: RoomModel;
  dm: DmModel;
  quote: PageQuoteModel;
  /** Absent in views that show no pictures (some tests). */
  images?: ImagesModel;
  offline: boolean;
}) {
  const join = room.join.value;
  const readOnly = room.mode.value?.readOnly === true;
  const quoted = quote.pending.value;
  const onPage = room.scope.value === 'page';
  // A join waits for the connection; while it is offline, "Joining…" would promise too much.
  const joining = offline ? t('room_joining_offline') : t('room_joining');
  const { composer, actions } = useConversation({
    key: room.room.value?.key ?? '',
    conversation: room,
    people: () => [...room.members.value.values()],
    older: { more: () => room.older.peek() === 'more', load: room.loadOlder },
    list: () => document.querySelector('.room-messages'),
    quote,
  });
  // A relay that takes no pictures is offered none: no attach button, no paste, no drop.
  const upload = images?.accepted.value ? images.upload : undefined;
  useDroppedImages(upload);
  return (
    <ImagesContext.Provider value={images ?? null}>
      {join.status === 'failed' ? (
        <p class="join-error" role="alert">
          {join.error}
          <button type="button" class="small" onClick={() => room.rejoin()}>
            {t('room_try_again')}
          </button>
        </p>
      ) : null}
      {join.status === 'limited' ? (
        <p class="join-error" role="status" data-testid="join-limited">
          {join.error}
        </p>
      ) : null}
      <MemberList room={room} dm={dm} stale={offline} />
      <MessageList
        messages={room.messages.value}
        outbox={room.outbox.value}
        self={room.self.value}
        tagOf={room.tagOf}
        testId="message"
        label={onPage ? t('room_messages_on_page') : t('room_messages_on_site')}
        empty={join.status === 'joining' ? joining : onPage ? t('room_empty_page') : t('room_empty_site')}
        onRetry={room.retry}
        onDiscard={room.discard}
        older={{ state: room.older.value, error: room.olderError.value, load: () => void room.loadOlder() }}
        firstNew={room.firstNew.value}
        actions={actions}
        class="room-messages"
      />
      {room.problem.value !== null ? (
        <p class="notice" role="alert">
          {room.problem.value}
        </p>
      ) : null}
      <TypingLine
        who={room.typing.value}
        tagOf={room.tagOf}
        {...(room.room.value ? { room: room.room.value.key } : {})}
      />
      <NewcomerNotice notice={room.newcomer.value} />
      <RoomModeNotice mode={room.mode.value} />
      {quoted ? <QuotePreview quote={quoted} reveal={quote.reveal} onRemove={quote.clear} /> : null}
      <Composer
        draft={room.draft}
        onDraft={room.setDraft}
        onSend={room.send}
        label={onPage ? t('room_compose_page') : t('room_compose_site')}
        placeholder={onPage ? t('room_compose_page') : t('room_compose_site')}
        testId="composer"
        sendTestId="send"
        state={composer}
        self={room.self.value}
        people={[...room.members.value.values()]}
        blocked={readOnly ? readOnlyComposer() : null}
        {...(upload && !readOnly ? { upload } : {})}
      />
      {images ? <ImageDialogs images={images} /> : null}
    </ImagesContext.Provider>
  );
}
