/**
 * Sealing and opening DMs end to end (docs/protocol.md, "End-to-end encrypted DMs"): HPKE Auth
 * mode from the sender's room key pair to the recipient's room key, the DM's room, people and
 * clientId bound in as associated data so a ciphertext cannot be moved to another conversation.
 */
import { DecapError, DeserializeError, EncapError, OpenError } from '@hpke/core';
import { SEALED_CT_MAX_CHARS, type RoomKey, type UserId } from '../../../protocol/index.ts';
import type { SealedBody, SealedInner } from '../../../protocol/messages.ts';
import { fromBase64Url, keyBytes, toBase64Url } from './base64url.ts';
import type { RoomKeyPair } from './keys.ts';
import { isSealedInner } from './sealed-inner.ts';
import { dmSuite } from './suite.ts';

/** What a sealed DM is bound to besides its keys: its envelope's room, people and clientId. */
export interface DmAad {
  room: RoomKey;
  from: UserId;
  to: UserId;
  clientId: string;
}

export type SealErrorReason = 'tampered' | 'malformed' | 'bad_key';

/** Why a DM could not be sealed or opened, in words the panel can show as they are. */
export class SealError extends Error {
  readonly reason: SealErrorReason;

  constructor(reason: SealErrorReason, message: string) {
    super(message);
    this.name = 'SealError';
    this.reason = reason;
  }
}

const utf8 = new TextEncoder();
const INFO = utf8.encode('samepage dm v1');

function aadBytes({ room, from, to, clientId }: DmAad): Uint8Array {
  return utf8.encode(['samepage/dm/v1', room, from, to, clientId].join('\n'));
}

async function importPublicKey(text: string, whose: string): Promise<CryptoKey> {
  const bytes = keyBytes(text);
  if (!bytes) throw new SealError('bad_key', `${whose} key is not a valid encryption key.`);
  return dmSuite().kem.importKey('raw', bytes.buffer as ArrayBuffer, true);
}

/** Seals one DM's `{ kind, body }` to the recipient's key for the DM's room. */
export async function sealDm(
  inner: SealedInner,
  sender: RoomKeyPair,
  recipientKey: string,
  aad: DmAad,
): Promise<SealedBody> {
  if (!isSealedInner(inner)) throw new SealError('malformed', 'This message cannot be sent encrypted.');
  const recipientPublicKey = await importPublicKey(recipientKey, "The recipient's");
  const plaintext = utf8.encode(JSON.stringify(inner));
  let sealed: { ct: ArrayBuffer; enc: ArrayBuffer };
  try {
    sealed = await dmSuite().seal(
      { recipientPublicKey, senderKey: sender.keyPair, info: INFO },
      plaintext,
      aadBytes(aad),
    );
  } catch (error) {
    // A low-order point passes the length check but gives no shared secret.
    if (error instanceof EncapError) {
      throw new SealError('bad_key', "The recipient's key is not a valid encryption key.");
    }
    throw error;
  }
  const ct = toBase64Url(new Uint8Array(sealed.ct));
  if (ct.length > SEALED_CT_MAX_CHARS) throw new SealError('malformed', 'This message is too long to send encrypted.');
  return { enc: toBase64Url(new Uint8Array(sealed.enc)), ct };
}

/**
 * Opens one sealed DM addressed to `recipient` by the person whose room key is `senderKey`, and
 * checks that what it holds is a DM's `{ kind, body }`.
 */
export async function openDm(
  body: SealedBody,
  recipient: RoomKeyPair,
  senderKey: string,
  aad: DmAad,
): Promise<SealedInner> {
  const senderPublicKey = await importPublicKey(senderKey, "The sender's");
  const enc = keyBytes(body.enc);
  if (!enc) throw new SealError('bad_key', "This message's key is not a valid encryption key.");
  const ct = fromBase64Url(body.ct);
  if (!ct) throw new SealError('tampered', 'This message was changed on the way and cannot be read.');
  let plaintext: ArrayBuffer;
  try {
    plaintext = await dmSuite().open(
      { recipientKey: recipient.keyPair, enc: enc.buffer as ArrayBuffer, senderPublicKey, info: INFO },
      ct,
      aadBytes(aad),
    );
  } catch (error) {
    if (error instanceof OpenError) {
      throw new SealError(
        'tampered',
        'This message could not be decrypted: it was changed on the way or not sealed for you by this person.',
      );
    }
    if (error instanceof DecapError || error instanceof DeserializeError) {
      throw new SealError('bad_key', "This message's key is not a valid encryption key.");
    }
    throw error;
  }
  const inner = parseJson(plaintext);
  if (!isSealedInner(inner))
    throw new SealError('malformed', 'This message opened but holds nothing this app can show.');
  return inner;
}

function parseJson(bytes: ArrayBuffer): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
}
