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
  ])('refuses %j', (url) => {
    expect(serverUrlProblem(url)).toEqual(expect.any(String));
  });

  it('says why a plain address off this computer is refused', () => {
    expect(serverUrlProblem('http://chat.example.com')).toMatch(/^Use https:\/\/ or wss:\/\//);
  });
});
