/**
 * What may be inside a sealed DM, checked against the contract's own body schemas: the relay
 * never sees these bodies, so the recipient's hub is the only place they are validated.
 */
import { Value } from '@sinclair/typebox/value';
import { BODIES, type SealedInner } from '../../../protocol/messages.ts';
import { registerFormats } from '../../../protocol/schemas.ts';

/** The kinds a DM seals (docs/protocol.md): images are not sent end to end, `sealed` never nests. */
const SEALED_INNER_KINDS = ['text', 'reaction', 'edit', 'delete'] as const;
type InnerKind = (typeof SEALED_INNER_KINDS)[number];

let formatsReady = false;

const isInnerKind = (kind: unknown): kind is InnerKind => SEALED_INNER_KINDS.some((known) => known === kind);

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
  return Value.Check(BODIES[value.kind], value.body);
}
