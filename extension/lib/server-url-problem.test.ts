import { describe, expect, it } from 'vitest';
import { serverUrlProblem } from './server-url-problem.ts';

describe('serverUrlProblem', () => {
  it.each([
    'https://chat.example.com',
    'http://localhost:3000',
    'wss://relay.example/',
    ' ws://127.0.0.1:8080 ',
    'http://127.8.0.1',
    'http://[::1]:3000',
    // The WHATWG parser writes these as the loopback addresses they are.
    'HTTP://LOCALHOST:3000',
    'WS://127.0.0.1:3000',
    'http://127.1',
    'http://0x7f.0.0.1:3000',
    'ws://[0:0:0:0:0:0:0:1]:3000',
    'WSS://Relay.Example',
  ])('accepts %s', (url) => {
    expect(serverUrlProblem(url)).toBeNull();
  });

  it.each([
    '',
    'chat.example.com',
    'ftp://example.com',
    'javascript:alert(1)',
    'https://user:pw@example.com',
    'http://chat.example.com',
    'ws://10.0.0.1:8080',
    'http://localhost.example.com',
    'http://127.0.0.1.example.com',
    'http://[::2]',
    'WS://chat.example.com',
    'HTTP://Chat.Example.com',
    'ws://localhost.evil.com:3000',
    'http://localhost@evil.com',
    'ws://localhost:3000@evil.com',
    'http://127.0.0.1@evil.com',
    'wss://user@relay.example',
    'http://evil.com/?to=localhost',
    'http://evil.com#@localhost',
    'http://127.0.0.1.nip.io',
    'http://[::ffff:10.0.0.1]',
  ])('refuses %j', (url) => {
    expect(serverUrlProblem(url)).toEqual(expect.any(String));
  });

  it('says why a plain address off this computer is refused', () => {
    expect(serverUrlProblem('http://chat.example.com')).toMatch(/^Use https:\/\/ or wss:\/\//);
  });

  it('says why an address with a user name is refused, even one that starts like loopback', () => {
    expect(serverUrlProblem('http://localhost@evil.com')).toMatch(/user name or password/);
  });
});
