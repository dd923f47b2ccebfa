import { describe, expect, it } from 'vitest';
import { explainError } from './explain-error.ts';

describe('explainError', () => {
  it('says when to try again after rate limiting, in whole seconds', () => {
    expect(explainError({ code: 'rate_limited', message: 'slow down', retryAfterMs: 2100 })).toBe(
      "You're sending too fast — try again in 3 s",
    );
  });

  it('names the DM recipient who left', () => {
    expect(explainError({ code: 'not_here', message: 'x' }, 'Bob')).toBe('Bob has left this page');
  });

  it("shows the server's words only for a bad request", () => {
    expect(explainError({ code: 'bad_request', message: 'text is blank' })).toBe(
      'The server refused this: text is blank',
    );
    expect(explainError({ code: 'internal', message: 'stack trace' })).not.toContain('stack trace');
  });
});
