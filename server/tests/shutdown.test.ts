/**
 * The real process, as `npm run server` starts it: configuration from the environment,
 * `/healthz`, a graceful stop on SIGTERM, and logs that never carry a secret or a message.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ClientEvent } from '../../protocol/index.ts';
import { userIdFromToken } from '../identity.ts';
import { connect, disconnectAll, disconnection, joined, newClientId, newRoom, newToken, next } from './harness.ts';
import { healthy, spawnServer } from './process.ts';

// The tests run at once (each starts its own process), so each cleans up after itself.
afterAll(disconnectAll);

/** How long `promise` took to settle, in ms, and what it settled to. */
async function timed<T>(promise: Promise<T>): Promise<{ value: T; ms: number }> {
  const start = Date.now();
  const value = await promise;
  return { value, ms: Date.now() - start };
}

describe.concurrent('the server process', () => {
  it(
    'answers /healthz, and on SIGTERM disconnects its clients and exits 0 promptly',
    { timeout: 60_000 },
    async ({ onTestFinished }) => {
      const server = await spawnServer({}, onTestFinished);
      const health = await healthy(server);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ ok: true });

      const room = newRoom();
      const { socket } = await joined(server.url, room);
      const gone = disconnection(socket, 5000);
      server.child.kill('SIGTERM');
      const { reason } = await gone;
      expect(reason).toBe('io server disconnect');
      const { value: exit, ms } = await timed(server.exited);
      expect(exit).toEqual({ code: 0, signal: null });
      expect(ms).toBeLessThan(5000); // well inside SHUTDOWN_TIMEOUT_MS (10 s), after which it would exit 1
      await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    },
  );

  it(
    'refuses an invalid environment, naming every bad variable, and exits non-zero',
    { timeout: 60_000 },
    async ({ onTestFinished }) => {
      const server = await spawnServer({ PORT: 'abc', SEND_BURST: '0', LOG_LEVEL: 'loud' }, onTestFinished);
      const exit = await server.exited;
      expect(exit.code).not.toBe(0);
      expect(exit.code).not.toBeNull();
      const stderr = server.stderr();
      for (const name of ['PORT', 'SEND_BURST', 'LOG_LEVEL']) expect(stderr).toMatch(new RegExp(`\\b${name}\\b`));
      expect(stderr).toContain('"abc"');
      expect(stderr).toContain('"loud"');
      expect(stderr).not.toMatch(/\n\s+at /); // a message for an operator, not a stack trace
    },
  );

  it('logs no token, message text or DM text, even at debug level', { timeout: 60_000 }, async ({ onTestFinished }) => {
    const server = await spawnServer({ LOG_LEVEL: 'debug' }, onTestFinished);
    await healthy(server);
    const [aliceToken, bobToken] = [newToken(), newToken()];
    const secrets = {
      aliceToken,
      bobToken,
      message: `message text ${newToken()}`,
      dm: `dm text ${newToken()}`,
      rename: `Renamed ${newToken().slice(0, 8)}`,
    };
    const room = newRoom();
    const alice = await joined(server.url, room, { token: aliceToken, name: 'Alice' });
    const bob = await joined(server.url, room, { token: bobToken, name: 'Bob' });
    const message = next(bob.socket, 'message:new');
    await alice.socket.emitWithAck(ClientEvent.MessageSend, { room, clientId: newClientId(), text: secrets.message });
    await message;
    const dm = next(alice.socket, 'dm:new');
    await bob.socket.emitWithAck(ClientEvent.DmSend, {
      room,
      to: alice.self.id,
      clientId: newClientId(),
      text: secrets.dm,
    });
    await dm;
    // A refused request must not echo its payload into the logs either.
    await alice.socket.emitWithAck(ClientEvent.MessageSend, { room, clientId: 'bad', text: secrets.message });
    await alice.socket.emitWithAck(ClientEvent.UserRename, { name: secrets.rename });
    const refused = await connect(server.url, { auth: { v: 1, token: aliceToken, name: 'x'.repeat(40) } }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(Error);

    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    const output = server.stdout() + server.stderr();
    // The debug logs were written (so the absence below means something) ...
    expect(output).toContain('"msg":"connected"');
    // (by the person's own id: the operator's logs name people, not their ids in rooms)
    expect(output).toContain(userIdFromToken(aliceToken));
    // ... and none of them holds a secret or what people wrote.
    for (const [what, secret] of Object.entries(secrets)) expect(output, what).not.toContain(secret);
  });
});
