import type { Member } from '../../../protocol/index.ts';
import type { DmModel } from '../models/dm.ts';
import { Composer } from './Composer.tsx';
import { MessageList } from './MessageList.tsx';
import { nameWithTag, PersonName } from './PersonName.tsx';
import { TypingLine } from './TypingLine.tsx';
import { useConversation } from './use-conversation.ts';

interface Props {
  dm: DmModel;
  peer: Member;
  self: Member | null;
  /** The tag after a name that looks like someone else's in the room (RoomModel.tagOf). */
  tagOf(person: Member): string | null;
}

/** A private conversation with one member of the room. */
export function DmView({ dm, peer, self, tagOf }: Props) {
  const tag = tagOf(peer);
  const called = nameWithTag(peer, tag);
  const { composer, actions } = useConversation({
    key: peer.id,
    conversation: dm,
    people: () => (self ? [self, peer] : [peer]),
    older: null,
    list: () => document.querySelector('.dm-messages'),
  });
  return (
    <>
      <div class="dm-head">
        <button type="button" class="small" aria-label="Back to the room" onClick={() => dm.close()}>
          ‹ Back
        </button>
        <h2>
          Private with{' '}
          <span class="peer">
            <PersonName person={peer} tag={tag} />
          </span>
        </h2>
      </div>
      {dm.peerLeft.value ? <p class="notice">{called} has left this page</p> : null}
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
      {dm.problem.value !== null ? (
        <p class="notice" role="alert">
          {dm.problem.value}
        </p>
      ) : null}
      <TypingLine who={dm.peerTyping.value ? [peer] : []} tagOf={tagOf} />
      <Composer
        draft={dm.draft}
        onDraft={dm.setDraft}
        onSend={dm.send}
        label={`Message ${called} privately`}
        placeholder={`Message ${called}`}
        testId="dm-composer"
        sendTestId="dm-send"
        state={composer}
        self={self}
        people={[peer]}
      />
    </>
  );
}
