import { describe, expect, it } from 'vitest';
import { banCovers } from './ban-covers.ts';

const at = 0;
const until = 60_000;
const user = 'u'.repeat(43);

describe('banCovers', () => {
  it('matches a user ban by id alone, whatever the address', () => {
    expect(banCovers({ user, at, until }, user, '198.51.100.1')).toBe(true);
    expect(banCovers({ user, at, until }, 'v'.repeat(43), '198.51.100.1')).toBe(false);
  });

  it('matches IPv4 connections by address or range', () => {
    expect(banCovers({ address: '198.51.100.7', at, until }, user, '198.51.100.7')).toBe(true);
    expect(banCovers({ address: '198.51.100.7', at, until }, user, '198.51.100.8')).toBe(false);
    expect(banCovers({ address: '198.51.100.0/24', at, until }, user, '198.51.100.200')).toBe(true);
    expect(banCovers({ address: '198.51.100.0/24', at, until }, user, '198.51.101.1')).toBe(false);
  });

  it('matches an IPv6 connection, known by its /64, by any ban inside or around that /64', () => {
    const key = '2001:db8:0:1::/64';
    expect(banCovers({ address: '2001:db8:0:1::42', at, until }, user, key)).toBe(true);
    expect(banCovers({ address: '2001:db8:0:1:8000::/65', at, until }, user, key)).toBe(true);
    expect(banCovers({ address: '2001:db8::/32', at, until }, user, key)).toBe(true);
    expect(banCovers({ address: '2001:db8:0:2::42', at, until }, user, key)).toBe(false);
    expect(banCovers({ address: '198.51.100.7', at, until }, user, key)).toBe(false);
  });
});
