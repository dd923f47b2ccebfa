import { describe, expect, it } from 'vitest';
import { relayOrigin } from './relay-origin.ts';

describe("the relay's HTTP origin", () => {
  it('is the origin of an http(s) address, without its path', () => {
    expect(relayOrigin('https://relay.example/')).toBe('https://relay.example');
    expect(relayOrigin('http://127.0.0.1:3000/some/namespace')).toBe('http://127.0.0.1:3000');
  });

  it('names a WebSocket address over HTTP', () => {
    expect(relayOrigin('wss://relay.example:8443')).toBe('https://relay.example:8443');
    expect(relayOrigin('ws://localhost:3000')).toBe('http://localhost:3000');
  });

  it('is null for what is not a web address', () => {
    expect(relayOrigin('relay.example')).toBeNull();
    expect(relayOrigin('ftp://relay.example')).toBeNull();
  });
});
