import { useEffect, useRef } from 'preact/hooks';
import type { Member } from '../../../protocol/index.ts';
import type { DmModel } from '../models/dm.ts';
import type { DmPicturesModel } from '../models/dm-pictures.ts';
import type { InboxModel } from '../models/inbox.ts';
import { clockTime } from '../../lib/clock-time.ts';
import { t } from '../../lib/i18n.ts';
import { Composer } from './Composer.tsx';
import { DeliveryContext } from './delivery-context.ts';
import { MessageList } from './MessageList.tsx';
import { nameWithTag, PersonName } from './PersonName.tsx';
import { RequestActions } from './RequestActions.tsx';
import { SafetyMenu } from './SafetyMenu.tsx';
import { SafetyNumber } from './SafetyNumber.tsx';
import { SealedPictureViewer } from './SealedPictureViewer.tsx';
import { Sentence } from './Sentence.tsx';
import { TypingLine } from './TypingLine.tsx';
import { useConversation } from './use-conversation.ts';
import { useDroppedImages } from './use-dropped-images.ts';

interface Props {
  dm: DmModel;
  /** Pictures in DMs, end to end (App provides DmPicturesContext); absent in views that show none. */
  pictures?: DmPicturesModel;
  /** Whether the conversation is a message request (issue #14), and what answers it. */
  inbox: InboxModel;
  peer: Member;
  self: Member | null;
  /** The tag after a name that looks like someone else's in the room (RoomModel.tagOf). */
  tagOf(person: Member): string | null;
  /** Back to the view the conversation was opened from. */
  onBack(): void;
  /** Where Back goes, as its accessible name says it. */
  backLabel: string;
}

/** Where the other person is, when it is not simply here: it changes what sending does. */
function whereabouts(dm: DmModel, called: string): string | null {
  if (!dm.peerLeft.value) return null;
  const reach = dm.reach.value;
  if (reach === 'elsewhere') return t('inbox_peer_elsewhere', called);
  if (reach === 'online') return t('inbox_peer_online_elsewhere', called);
  if (reach === 'offline') return t('inbox_peer_offline', called);
  return t('inbox_peer_left', called);
}

/** The latest encryption notices shown under the messages; the hub keeps a few more. */
const NOTICES_SHOWN = 3;

/** A private conversation with one person, in the room it started in. */
export function DmView({ dm, pictures, inbox, peer, self, tagOf, onBack, backLabel }: Props) {
  const tag = tagOf(peer);
  const called = nameWithTag(peer, tag);
  const key = dm.conversation.value?.key ?? peer.id;
  const { composer, actions } = useConversation({
    key,
    conversation: dm,
    people: () => (self ? [self, peer] : [peer]),
    older: null,
    list: () => document.querySelector('.dm-messages'),
  });
  const view = useRef<HTMLDivElement>(null);
  // Opening a conversation is for writing in it: the caret goes to its composer.
  useEffect(() => {
    view.current?.querySelector<HTMLTextAreaElement>('[data-testid="dm-composer"]')?.focus();
  }, [key]);
  const request = inbox.byKey(key)?.request === true;
  const notice = whereabouts(dm, called);
  const offline = dm.reach.value === 'offline';
  const trust = dm.security.trust.value;
  const older = trust?.older === true;
  // The relay keeps a sealed DM for an offline person (issue #15): only a peer too old to open one stops the composer.
  const blocked = older ? t('inbox_peer_older', called) : null;
  // Only a relay that carries DMs end to end is offered pictures: no attach button, paste or drop.
  const upload = pictures?.accepted.value && blocked === null ? pictures.upload : undefined;
  useDroppedImages(upload);
  return (
    <div class="dm-view" ref={view}>
      <div class="dm-head">
        <button type="button" class="small" aria-label={backLabel} data-testid="dm-back" onClick={onBack}>
          {t('inbox_back')}
        </button>
        <h2 tabIndex={-1}>
          <Sentence words={(name) => t('inbox_private_with', name)}>
            <span class="peer">
              <PersonName person={peer} tag={tag} />
            </span>
          </Sentence>
        </h2>
        {dm.reach.value !== 'unknown' && dm.reach.value !== 'elsewhere' ? (
          <span class={`presence ${offline ? 'offline' : 'online'}`} data-testid="dm-presence">
            {offline ? t('inbox_presence_offline') : t('inbox_presence_online')}
          </span>
        ) : null}
        {dm.conversation.value ? (
          <SafetyMenu
            person={peer}
            room={dm.conversation.value.room}
            canMute={false}
            label={t('inbox_more')}
            buttonClass="small"
            title={t('inbox_more_title', called)}
          />
        ) : null}
      </div>
      <SafetyNumber security={dm.security} called={called} />
      {notice !== null ? (
        <p class="notice" data-testid="dm-notice" role="status">
          {notice}
        </p>
      ) : null}
      <DeliveryContext.Provider value={{ states: dm.security.deliveries, peerName: called }}>
        <MessageList
          messages={dm.messages.value}
          outbox={dm.outbox.value}
          self={self}
          tagOf={tagOf}
          testId="dm-message"
          label={t('inbox_private_messages_with', called)}
          empty={t('inbox_only_peer_sees', called)}
          onRetry={dm.retry}
          onDiscard={dm.discard}
          actions={actions}
          class="dm-messages"
        />
      </DeliveryContext.Provider>
      {trust !== null && trust.notices.length > 0 ? (
        <ul class="e2e-notices" aria-label={t('inbox_encryption_notices')}>
          {trust.notices.slice(-NOTICES_SHOWN).map((item) => (
            <li key={`${item.at}:${item.text}`} class="e2e-notice" data-testid="dm-security-notice">
              <time dateTime={new Date(item.at).toISOString()}>{clockTime(item.at)}</time> {item.text}
            </li>
          ))}
        </ul>
      ) : null}
      {dm.problem.value !== null ? (
        <p class="notice" role="alert">
          {dm.problem.value}
        </p>
      ) : null}
      <TypingLine who={dm.peerTyping.value ? [peer] : []} tagOf={tagOf} />
      {request ? (
        <div class="request-bar" data-testid="dm-request-bar">
          <p class="note">{t('inbox_request_note', called)}</p>
          <RequestActions inbox={inbox} conversationKey={key} peer={peer} onGone={onBack} />
        </div>
      ) : dm.peerClosed.value ? (
        <p class="notice" data-testid="dm-closed" role="status">
          {t('inbox_peer_closed')}
        </p>
      ) : (
        <Composer
          draft={dm.draft}
          onDraft={dm.setDraft}
          onSend={dm.send}
          label={t('inbox_composer_label', called)}
          placeholder={offline ? t('inbox_composer_offline', called) : t('inbox_composer_placeholder', called)}
          testId="dm-composer"
          sendTestId="dm-send"
          state={composer}
          self={self}
          people={[peer]}
          blocked={blocked}
          {...(upload ? { upload } : {})}
        />
      )}
      {pictures ? <SealedPictureViewer pictures={pictures} /> : null}
    </div>
  );
}
