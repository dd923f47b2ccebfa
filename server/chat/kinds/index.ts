import { imagePolicy } from './image.ts';
import { deletePolicy, editPolicy, reactionPolicy } from './changes.ts';
import type { PolicyTable } from './policy.ts';
import { sealedPolicy } from './sealed.ts';
import { textPolicy } from './text.ts';

/** The relay's policy for every kind; the compiler checks that none is missing. */
export const POLICIES: PolicyTable = {
  text: textPolicy,
  image: imagePolicy,
  reaction: reactionPolicy,
  edit: editPolicy,
  delete: deletePolicy,
  sealed: sealedPolicy,
};

export type { ImageRecord, ImageRefs, KindPolicy, PolicyDeps } from './policy.ts';
