/**
 * Banned addresses: one spelling per range, and matching against what the relay counts a
 * connection by (IPv4, or an IPv6 /64 key).
 */
import { describe, expect, it } from 'vitest';
import { addressKey } from '../net/client-address.ts';
import { addressMatches, normalizeBanAddress } from './ban-address.ts';

describe('normalizeBanAddress', () => {
  it('keeps an IPv4 address, and a range with its host bits cleared', () => {
    expect(normalizeBanAddress(' 203.0.113.7 ')).toBe('203.0.113.7');
    expect(normalizeBanAddress('203.0.113.7/24')).toBe('203.0.113.0/24');
    expect(normalizeBanAddress('203.0.113.7/32')).toBe('203.0.113.7');
    expect(normalizeBanAddress('10.255.1.1/9')).toBe('10.128.0.0/9');
  });

  it('writes IPv6 compressed and in lower case, never narrower than a /64', () => {
    expect(normalizeBanAddress('2001:0DB8:0:0::/32')).toBe('2001:db8::/32');
    expect(normalizeBanAddress('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(normalizeBanAddress('2001:db8:1:2::/100')).toBe('2001:db8:1:2::/64');
    expect(normalizeBanAddress('2001:db8:ffff::/36')).toBe('2001:db8:f000::/36');
  });

  it('takes an IPv4-mapped IPv6 address as the IPv4 address', () => {
    expect(normalizeBanAddress('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(normalizeBanAddress('::FFFF:cb00:7107/120')).toBe('203.0.113.0/24');
    expect(normalizeBanAddress('::ffff:203.0.113.7/64')).toBeNull();
  });

  it('refuses what is no address or range', () => {
    for (const input of [
      '',
      'example.org',
      '203.0.113',
      '203.0.113.7/33',
      '2001:db8::/129',
      '1.2.3.4/x',
      '1.2.3.4/8/8',
    ]) {
      expect(normalizeBanAddress(input)).toBeNull();
    }
  });
});

describe('addressMatches', () => {
  it('matches an IPv4 connection exactly or within a range', () => {
    expect(addressMatches('203.0.113.7', '203.0.113.7')).toBe(true);
    expect(addressMatches('203.0.113.7', '203.0.113.8')).toBe(false);
    expect(addressMatches('203.0.113.0/24', '203.0.113.200')).toBe(true);
    expect(addressMatches('203.0.113.0/24', '203.0.114.1')).toBe(false);
    expect(addressMatches('203.0.113.0/24', '::ffff:203.0.113.7')).toBe(true);
  });

  it('compares ranges that end inside a byte bit by bit, as typed or as kept', () => {
    expect(addressMatches('10.128.0.0/9', '10.200.1.1')).toBe(true);
    expect(addressMatches('10.200.0.0/9', '10.255.255.255')).toBe(true);
    expect(addressMatches('10.128.0.0/9', '10.127.255.255')).toBe(false);
    expect(addressMatches('2001:db8:f000::/36', addressKey('2001:db8:ffff::1'))).toBe(true);
    expect(addressMatches('2001:db8:f000::/36', addressKey('2001:db8:efff::1'))).toBe(false);
    expect(addressMatches('not an address', '10.0.0.1')).toBe(false);
  });

  it('matches the /64 an IPv6 connection counts by', () => {
    const key = addressKey('2001:db8:1:2::99');
    expect(addressMatches('2001:db8::/32', key)).toBe(true);
    expect(addressMatches('2001:db8:1:2::5', key)).toBe(true);
    expect(addressMatches('2001:db8:1:3::5', key)).toBe(false);
    expect(addressMatches('2001:db9::/32', key)).toBe(false);
    expect(addressMatches('203.0.113.0/24', key)).toBe(false);
  });

  it('matches nothing for an unknown address', () => {
    expect(addressMatches('0.0.0.0/0', 'unknown')).toBe(false);
  });
});
