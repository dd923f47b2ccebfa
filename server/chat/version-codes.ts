/**
 * A v1 connection is only ever answered with PROTOCOL.md's codes: a refusal with a code v2
 * added (issue #14) reaches it as the nearest v1 code, with the same words. Done once, where
 * every answer leaves (request.ts), so no route can forget it.
 */
import { V1_CODE_OF, type ErrorCode } from '../../protocol/index.ts';

const isV2Only = (code: ErrorCode): code is keyof typeof V1_CODE_OF => Object.hasOwn(V1_CODE_OF, code);

/** `answer` as a connection of protocol version `v` reads it. */
export function inVersion(v: 1 | 2 | 3, answer: unknown): unknown {
  if (v >= 2 || typeof answer !== 'object' || answer === null || !('error' in answer)) return answer;
  const { error } = answer as { error: { code: ErrorCode } };
  if (!isV2Only(error.code)) return answer;
  return { ...answer, error: { ...error, code: V1_CODE_OF[error.code] } };
}
