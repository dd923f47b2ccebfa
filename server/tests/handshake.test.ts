/**
 * The handshake (PROTOCOL.md, "Handshake"): what a connection must present to be admitted,
 * and how each refusal looks on the wire.
 */
import { describe, expect, it } from 'vitest';
import { ClientEvent } from '../../protocol/index.ts';
import { connect, connecting, joined, newRoom, newToken, outcome, serverForFile } from './harness.ts';

const server = serverForFile();

const handshake = (auth: unknown) => outcome(connecting(server.url, { auth }));

/** A refusal as the contract has it: message is the code, data is `{ code, message }`. */
const refused = (code: string, mentioning: string) => ({
  kind: 'refused',
  message: code,
  data: { code, message: expect.stringContaining(mentioning) },
});

describe('protocol version', () => {
  it('refuses a handshake without v as unsupported_version', async () => {
    expect(await handshake({ token: newToken(), name: 'Ann' })).toEqual(
      refused('unsupported_version', 'versions 1 and 2 and 3'),
    );
  });

  it('refuses an empty auth (a client that sends none) as unsupported_version', async () => {
    expect(await handshake({})).toEqual(refused('unsupported_version', 'versions 1 and 2 and 3'));
  });

  it.each([4, 0, 1.5, -1])('refuses v: %s as unsupported_version', async (v) => {
    expect(await handshake({ v, token: newToken(), name: 'Ann' })).toEqual(
      refused('unsupported_version', 'versions 1 and 2 and 3'),
    );
  });

  it.each([1, 2])('admits v: %s', async (v) => {
    expect(await handshake({ v, token: newToken(), name: 'Ann' })).toEqual({ kind: 'connected' });
  });

  it('refuses a version that is not a number as bad_request', async () => {
    expect(await handshake({ v: '1', token: newToken(), name: 'Ann' })).toEqual(refused('bad_request', 'v'));
  });

  it('gives data with exactly code and message', async () => {
    const result = await handshake({ v: 4, token: newToken(), name: 'Ann' });
    if (result.kind !== 'refused') throw new Error(`expected a refusal, got ${result.kind}`);
    expect(Object.keys(result.data as object).sort()).toEqual(['code', 'message']);
  });
});

describe('auth that is not an object', () => {
  // Socket.IO's own parser refuses a CONNECT packet whose payload is not an object and closes
  // the transport before any middleware runs, so the client never gets a connect_error: it
  // sees the connection close without ever having been admitted.
  it.each([['a string'], [['an', 'array']], [true]])('never admits auth %j', async (auth) => {
    expect(await handshake(auth)).toEqual({ kind: 'closed', reason: 'transport close' });
    const after = await connect(server.url);
    expect(after.connected).toBe(true);
  });
});

describe('token', () => {
  it.each([
    ['too short (21 chars)', 'a'.repeat(21)],
    ['too long (129 chars)', 'a'.repeat(129)],
    ['outside base64url (+)', `${'a'.repeat(30)}+`],
    ['outside base64url (/)', `${'a'.repeat(30)}/`],
    ['outside base64url (=)', `${'a'.repeat(30)}=`],
    ['with a space', `${'a'.repeat(15)} ${'a'.repeat(15)}`],
    ['not a string', 1234567890123456],
  ])('refuses a token %s as bad_request', async (_, token) => {
    expect(await handshake({ v: 1, token, name: 'Ann' })).toEqual(refused('bad_request', 'token'));
  });

  it('refuses a missing token as bad_request', async () => {
    expect(await handshake({ v: 1, name: 'Ann' })).toEqual(refused('bad_request', 'token'));
  });

  it('admits tokens of 22 and of 128 base64url characters', async () => {
    expect(await handshake({ v: 1, token: 'A-_z09'.padEnd(22, 'x'), name: 'Ann' })).toEqual({ kind: 'connected' });
    expect(await handshake({ v: 1, token: 'b'.repeat(128), name: 'Ann' })).toEqual({ kind: 'connected' });
  });
});

describe('name', () => {
  it.each([
    ['empty', ''],
    ['blank after trimming', ' \t '],
    ['longer than 32 characters', 'a'.repeat(33)],
    ['33 emoji', '😀'.repeat(33)],
    ['with a control character (BEL)', 'Ann\u0007'],
    ['with a line feed', 'Ann\nBob'],
    ['with a bidi override (U+202E)', 'Ann\u202Egnp.exe'],
    ['with a bidi isolate (U+2066)', '\u2066Ann'],
    ['with a zero-width space', 'An\u200Bn'],
    ['with a zero-width joiner', 'An\u200Dn'],
    ['with a byte order mark', '\uFEFFAnn'],
    ['with a lone high surrogate', 'Ann\uD83D'],
    ['with a lone low surrogate', '\uDE00Ann'],
    ['not a string', 42],
    ['null', null],
  ])('refuses a name %s as bad_request', async (_, name) => {
    expect(await handshake({ v: 1, token: newToken(), name })).toEqual(refused('bad_request', 'name'));
  });

  it('refuses a missing name as bad_request', async () => {
    expect(await handshake({ v: 1, token: newToken() })).toEqual(refused('bad_request', 'name'));
  });

  it('counts code points, not UTF-16 units: 32 emoji are a valid name', async () => {
    const name = '😀'.repeat(32);
    expect(name).toHaveLength(64);
    const { self } = await joined(server.url, newRoom(), { name });
    expect(self.name).toBe(name);
  });

  it('trims the name before counting and keeps the trimmed name', async () => {
    const { self } = await joined(server.url, newRoom(), { name: `  ${'b'.repeat(32)}  ` });
    expect(self.name).toBe('b'.repeat(32));
  });
});

describe('shape', () => {
  it('refuses a field the contract does not name, and says which', async () => {
    expect(await handshake({ v: 1, token: newToken(), name: 'Ann', admin: true })).toEqual(
      refused('bad_request', 'admin'),
    );
  });

  it('refuses an own __proto__ field', async () => {
    const auth: unknown = JSON.parse(`{"v":1,"token":"${newToken()}","name":"Ann","__proto__":{"admin":true}}`);
    expect(await handshake(auth)).toEqual(refused('bad_request', '__proto__'));
  });

  it("admits the pid and offset Socket.IO's client adds when it tries to recover a connection", async () => {
    // A reconnect to a restarted server carries them although there is nothing to recover.
    expect(await handshake({ v: 1, token: newToken(), name: 'Ann', pid: 'an-old-session', offset: '0-1' })).toEqual({
      kind: 'connected',
    });
  });

  it('keeps serving after refusals', async () => {
    await handshake({ v: 1, token: 'short', name: 'Ann' });
    await handshake({ v: 9 });
    const socket = await connect(server.url, { name: 'Ann' });
    const answer = await socket.emitWithAck(ClientEvent.RoomJoin, { room: newRoom() });
    expect(answer).toMatchObject({ ok: true, self: { name: 'Ann' } });
  });
});
