import { SealedBody } from '../../../protocol/messages.ts';
import { failure } from '../../../protocol/index.ts';
import { compile } from '../validate.ts';
import type { KindPolicy } from './policy.ts';

/**
 * A DM sealed end to end (issue #15): the relay cannot look inside, so there is nothing to
 * check against its history and no link for the newcomer rules to find; it is never kept in a
 * room's history (its addressee's mailbox keeps it: dm-mailbox.ts).
 */
export const sealedPolicy: KindPolicy<'sealed'> = {
  body: compile(SealedBody),
  inDms: true,
  inRooms: false,
  budget: 'send',
  // No words to look for links in, but a newcomer's sealed DMs still go at a newcomer's rate.
  newcomerText: () => '',
  prepare: async (envelope) => envelope,
  keep: async () => failure('bad_request', 'kind: sealed is for DMs only'),
};
