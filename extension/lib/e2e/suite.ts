/**
 * The one HPKE suite of samepage's DMs (docs/protocol.md, "End-to-end encrypted DMs"):
 * DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM.
 */
import { Aes256Gcm, CipherSuite, HkdfSha256 } from '@hpke/core';
import { DhkemX25519HkdfSha256 } from '@hpke/dhkem-x25519';

let suite: CipherSuite | undefined;

/** Made on first use, so importing this module does no work (WXT imports entrypoints to build). */
export function dmSuite(): CipherSuite {
  suite ??= new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes256Gcm() });
  return suite;
}
