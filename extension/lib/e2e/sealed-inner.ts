/**
 * What may be inside a sealed DM, checked against the contract's own body schemas: the relay
 * never sees these bodies, so the recipient's hub is the only place they are validated.
 */
import { Value } from '@sinclair/typebox/value';
import { BODIES, type SealedInner } from '../../../protocol/messages.ts';
import { registerFormats } from '../../../protocol/schemas.ts';
import { SealedImageBody } from '../../../protocol/sealed-images.ts';

/**
 * Each kind a DM seals, with its body's schema (docs/protocol.md): a picture is an encrypted
 * one (`SealedImageBody`), never a room upload's id; `sealed` never nests.
 */
const SEALED_INNER_BODIES = {
  text: BODIES.text,
  image: SealedImageBody,
  reaction: BODIES.reaction,
  edit: BODIES.edit,
  delete: BODIES.delete,
} as const;
type InnerKind = keyof typeof SEALED_INNER_BODIES;

let formatsReady = false;

const isInnerKind = (kind: unknown): kind is InnerKind =>
  typeof kind === 'string' && Object.hasOwn(SEALED_INNER_BODIES, kind);

/** Whether `value` is a `{ kind, body }` a DM may carry, its body fitting that kind's schema. */
export function isSealedInner(value: unknown): value is SealedInner {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== 2 || !('kind' in value) || !('body' in value)) return false;
  if (!isInnerKind(value.kind)) return false;
  if (!formatsReady) {
    registerFormats();
    formatsReady = true;
  }
  // Value.Check interprets the schema; compiled validators would need eval, which MV3 forbids.
  return Value.Check(SEALED_INNER_BODIES[value.kind], value.body);
}

/**
 * Whether an image's body is a DM's encrypted picture rather than a room upload's id: both
 * travel as kind `image` once the hub has opened the DM, so the body's shape tells them apart.
 */
export function isSealedImageBody(body: unknown): body is SealedImageBody {
  return Value.Check(SealedImageBody, body);
}
