import { useEffect, useRef } from 'preact/hooks';
import type { Member } from '../../../protocol/index.ts';
import type { DmModel } from '../models/dm.ts';
import type { DmPicturesModel } from '../models/dm-pictures.ts';
import type { InboxModel } from '../models/inbox.ts';
import { clockTime } from '../../lib/clock-time.ts';
import { Composer } from './Composer.tsx';
import { DeliveryContext } from './delivery-context.ts';
import { MessageList } from './MessageList.tsx';
import { nameWithTag, PersonName } from './PersonName.tsx';
import { RequestActions } from './RequestActions.tsx';
import { SafetyMenu } from './SafetyMenu.tsx';
import { SafetyNumber } from './SafetyNumber.tsx';
import { SealedPictureViewer } from './SealedPictureViewer.tsx';
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
  if (reach === 'elsewhere')
    return `${called} is not on this page: your messages reach them, encrypted, when their browser is on (kept for up to 7 days).`;
  if (reach === 'online') return `${called} is not on this page but is online: your messages still reach them.`;
  if (reach === 'offline') return `${called} is offline: your messages wait for them, encrypted, for up to 7 days.`;
  return `${called} has left this page`;
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
  const blocked = older ? `${called} uses an older samepage that cannot receive encrypted messages` : null;
  // Only a relay that carries DMs end to end is offered pictures: no attach button, paste or drop.
  const upload = pictures?.accepted.value && blocked === null ? pictures.upload : undefined;
  useDroppedImages(upload);
  return (
    <div class="dm-view" ref={view}>
      <div class="dm-head">
        <button type="button" class="small" aria-label={backLabel} data-testid="dm-back" onClick={onBack}>
          ‹ Back
        </button>
        <h2 tabIndex={-1}>
          Private with{' '}
          <span class="peer">
            <PersonName person={peer} tag={tag} />
          </span>
        </h2>
        {dm.reach.value !== 'unknown' && dm.reach.value !== 'elsewhere' ? (
          <span class={`presence ${offline ? 'offline' : 'online'}`} data-testid="dm-presence">
            {offline ? 'offline' : 'online'}
          </span>
        ) : null}
        {dm.conversation.value ? (
          <SafetyMenu
            person={peer}
            room={dm.conversation.value.room}
            canMute={false}
            label="More"
            buttonClass="small"
            title={`More: block or report ${called}`}
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
          label={`Private messages with ${called}`}
          empty={`Only ${called} sees what you write here.`}
          onRetry={dm.retry}
          onDiscard={dm.discard}
          actions={actions}
          class="dm-messages"
        />
      </DeliveryContext.Provider>
      {trust !== null && trust.notices.length > 0 ? (
        <ul class="e2e-notices" aria-label="Encryption notices">
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
          <p class="note">
            {called} wants to message you. Accept to reply; they are not told you saw this unless you do.
          </p>
          <RequestActions inbox={inbox} conversationKey={key} peer={peer} onGone={onBack} />
        </div>
      ) : dm.peerClosed.value ? (
        <p class="notice" data-testid="dm-closed" role="status">
          This person doesn't take DMs from you
        </p>
      ) : (
        <Composer
          draft={dm.draft}
          onDraft={dm.setDraft}
          onSend={dm.send}
          label={`Message ${called} privately`}
          placeholder={offline ? `${called} is offline: they get it when they are back` : `Message ${called}`}
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
