/**
 * Issue #15: each relay is given a credential derived for its origin, never the install's
 * secret, so what one relay sees cannot be presented to another as the same person.
 */
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_V2, ServerEvent, type SessionWelcome } from '../../protocol/index.ts';
import { useHubHarness, type Observer } from '../testing/hub-harness.ts';
import { startRelay } from '../testing/relay.ts';
import { StorageKeys, writeStored } from '../lib/storage-keys.ts';
import { relayToken } from './identity.ts';

const harness = useHubHarness();

/** Who `token` is at the relay at `url`, as its `session:welcome` says. */
async function welcomedAs(url: string, token: string): Promise<string | undefined> {
  const socket: Observer = io(url, {
    transports: ['websocket'],
    auth: { v: PROTOCOL_V2, token, name: 'Replayer' },
    forceNew: true,
  });
  try {
    const welcome = await new Promise<SessionWelcome>((resolve) => socket.once(ServerEvent.SessionWelcome, resolve));
    return welcome.user?.id;
  } finally {
    socket.disconnect();
  }
}

describe('credentials per relay', () => {
  it('presents the credential for this relay, and the install secret nowhere in the handshake', async () => {
    const secret = 'install-secret-kept-in-clear-before-0000';
    await writeStored(StorageKeys.token, secret);
    const hub = harness.createHub();
    const panel = harness.panel(hub);
    await panel.waitFor('connection:state', (state) => state.status === 'connected');
    const [auth] = harness.relay.handshakes();
    expect(harness.relay.handshakes()).toHaveLength(1);
    expect(auth?.token).toBe(await relayToken(harness.relay.url));
    expect(auth?.token).not.toBe(secret);
    expect(JSON.stringify(harness.relay.handshakes())).not.toContain(secret);
  });

  it('is another person to another relay, even when that relay is shown the first one’s credential', async () => {
    const first = harness.relay;
    const hub = harness.createHub();
    const panel = harness.panel(hub);
    const atFirst = await panel.waitFor('session:welcome');
    const firstCredential = first.handshakes()[0]?.token;
    expect(firstCredential).toEqual(expect.any(String));

    // The person moves to another relay; the harness closes that one after the test.
    harness.relay = await startRelay();
    try {
      await hub.serverChanged();
      const atSecond = await panel.waitFor('session:welcome', (welcome) => welcome.user?.id !== atFirst.user?.id);
      const secondCredential = harness.relay.handshakes()[0]?.token;
      expect(secondCredential).toBe(await relayToken(harness.relay.url));
      expect(secondCredential).not.toBe(firstCredential);
      expect(atSecond.user?.id).toEqual(expect.any(String));

      // The first relay replays what it was given on the second: it is not this person there.
      const replayed = await welcomedAs(harness.relay.url, firstCredential as string);
      expect(replayed).toEqual(expect.any(String));
      expect(replayed).not.toBe(atSecond.user?.id);
      // And the credential is this person on the relay it was made for.
      expect(await welcomedAs(first.url, firstCredential as string)).toBe(atFirst.user?.id);
    } finally {
      await first.close();
    }
  });

  it('tells each panel which relay it talks to, and the new one when the address changes', async () => {
    const first = harness.relay;
    const hub = harness.createHub();
    const panel = harness.panel(hub);
    expect(await panel.waitFor('relay:host')).toEqual({ host: `127.0.0.1:${first.port}` });
    harness.relay = await startRelay();
    try {
      await hub.serverChanged();
      const second = `127.0.0.1:${harness.relay.port}`;
      await panel.waitFor('relay:host', ({ host }) => host === second);
      const later = harness.panel(hub);
      expect(await later.waitFor('relay:host')).toEqual({ host: second });
    } finally {
      await first.close();
    }
  });
});
