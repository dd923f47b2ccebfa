import type { Member } from '../../../protocol/index.ts';
import type { DmModel } from '../models/dm.ts';
import { Composer } from './Composer.tsx';
import { MessageList } from './MessageList.tsx';
import { TypingLine } from './TypingLine.tsx';

/** A private conversation with one member of the room. */
export function DmView({ dm, peer, self }: { dm: DmModel; peer: Member; self: Member | null }) {
  return (
    <>
      <div class="dm-head">
        <button type="button" class="small" aria-label="Back to the room" onClick={() => dm.close()}>
          ‹ Back
        </button>
        <h2>
          Private with <span class="peer">{peer.name}</span>
        </h2>
      </div>
      {dm.peerLeft.value ? <p class="notice">{peer.name} has left this page</p> : null}
      <MessageList
        messages={dm.messages.value}
        outbox={dm.outbox.value}
        self={self}
        testId="dm-message"
        label={`Private messages with ${peer.name}`}
        empty={`Only ${peer.name} sees what you write here.`}
        onRetry={dm.retry}
        onDiscard={dm.discard}
      />
      <TypingLine who={dm.peerTyping.value ? [peer] : []} />
      <Composer
        draft={dm.draft}
        onDraft={dm.setDraft}
        onSend={dm.send}
        label={`Message ${peer.name} privately`}
        placeholder={`Message ${peer.name}`}
        testId="dm-composer"
        sendTestId="dm-send"
      />
    </>
  );
}
