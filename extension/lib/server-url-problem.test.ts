import { describe, expect, it } from 'vitest';
import { serverUrlProblem } from './server-url-problem.ts';

describe('serverUrlProblem', () => {
  it.each(['https://chat.example.com', 'http://localhost:3000', 'wss://relay.example/', ' ws://10.0.0.1:8080 '])(
    'accepts %s',
    (url) => {
      expect(serverUrlProblem(url)).toBeNull();
    },
  );

  it.each(['', 'chat.example.com', 'ftp://example.com', 'javascript:alert(1)', 'https://user:pw@example.com'])(
    'refuses %j',
    (url) => {
      expect(serverUrlProblem(url)).toEqual(expect.any(String));
    },
  );
});
