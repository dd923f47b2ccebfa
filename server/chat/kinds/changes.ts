/**
 * The kinds that change a message: they find their target in the room's history, and are
 * applied to it in one step of the store (stored-message.ts), under the rules every client
 * folds with (protocol/fold.ts).
 */
import { changeProblem, failure, type ChangeEnvelope, type ChangeKind, type Failure } from '../../../protocol/index.ts';
import { DeleteBody, EditBody, ReactionBody } from '../../../protocol/messages.ts';
import { applyToStored, countOf, viewOf, type StoredMessage } from '../stored-message.ts';
import { compile } from '../validate.ts';
import type { KindPolicy, PolicyDeps } from './policy.ts';

const GONE = 'that message is not in this room’s history (it may be too old)';

/** Refuses a change its target's rules refuse, before any budget is spent on it; else answers the target. */
async function precheck(envelope: ChangeEnvelope, { stores }: PolicyDeps): Promise<StoredMessage | Failure> {
  const target = await stores.history.find(envelope.room, envelope.body.target);
  if (target === null) return failure('bad_request', GONE);
  const problem = changeProblem(viewOf(target, null), envelope);
  return problem === null ? target : failure('bad_request', problem);
}

/** Applies the change to its target; answers the message after it. */
async function apply(envelope: ChangeEnvelope, { stores }: PolicyDeps): Promise<StoredMessage | Failure> {
  const outcome = await stores.history.update(envelope.room, envelope.body.target, (current) =>
    applyToStored(current, envelope),
  );
  return outcome ?? failure('bad_request', GONE);
}

function changePolicy<K extends ChangeKind>(
  policy: Pick<KindPolicy<K>, 'body' | 'budget' | 'newcomerText'> & Partial<Pick<KindPolicy<K>, 'prepare' | 'keep'>>,
): KindPolicy<K> {
  return {
    inDms: true,
    async prepare(envelope, deps) {
      const target = await precheck(envelope as ChangeEnvelope, deps);
      return 'ok' in target ? target : envelope;
    },
    async keep(envelope, _lane, deps) {
      const outcome = await apply(envelope as ChangeEnvelope, deps);
      return 'ok' in outcome ? outcome : envelope;
    },
    ...policy,
  };
}

export const reactionPolicy = changePolicy<'reaction'>({
  body: compile(ReactionBody),
  budget: 'react',
  newcomerText: () => null,
  // With the count as it stands: a retry is answered with it, a first send counts again in keep.
  async prepare(envelope, deps) {
    const target = await precheck(envelope, deps);
    if ('ok' in target) return target;
    return { ...envelope, body: { ...envelope.body, count: countOf(target, envelope.body.emoji) } };
  },
  async keep(envelope, _lane, deps) {
    const outcome = await apply(envelope, deps);
    if ('ok' in outcome) return outcome;
    return { ...envelope, body: { ...envelope.body, count: countOf(outcome, envelope.body.emoji) } };
  },
});

export const editPolicy = changePolicy<'edit'>({
  body: compile(EditBody),
  budget: 'send',
  newcomerText: (body) => body.text,
});

export const deletePolicy = changePolicy<'delete'>({
  body: compile(DeleteBody),
  budget: 'send',
  newcomerText: () => null,
  async keep(envelope, _lane, deps) {
    const before = await deps.stores.history.find(envelope.room, envelope.body.target);
    const outcome = await apply(envelope, deps);
    if ('ok' in outcome) return outcome;
    // The image goes with its message, for everyone at once.
    if (before?.kind === 'image' && before.body !== null) await deps.images?.remove(before.body.id);
    return envelope;
  },
});
