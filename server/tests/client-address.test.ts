/**
 * The address a connection counts against (server/net/client-address.ts): the socket's peer,
 * `X-Forwarded-For` only from a trusted proxy, IPv4-mapped addresses as IPv4, IPv6 by /64.
 */
import { describe, expect, it } from 'vitest';
import { addressKey, clientAddressResolver, UNKNOWN_ADDRESS } from '../net/client-address.ts';

describe('without trusted proxies', () => {
  const addressOf = clientAddressResolver([]);

  it('is the peer, and ignores any X-Forwarded-For', () => {
    expect(addressOf('198.51.100.7', undefined)).toBe('198.51.100.7');
    expect(addressOf('198.51.100.7', '203.0.113.9')).toBe('198.51.100.7');
    expect(addressOf('198.51.100.7', ['203.0.113.9', '203.0.113.10'])).toBe('198.51.100.7');
  });

  it('counts an IPv4-mapped IPv6 peer as IPv4', () => {
    expect(addressOf('::ffff:198.51.100.7', undefined)).toBe('198.51.100.7');
    expect(addressOf('::FFFF:c633:6407', undefined)).toBe('198.51.100.7');
  });

  it('has a key for a peer it cannot know', () => {
    expect(addressOf(undefined, undefined)).toBe(UNKNOWN_ADDRESS);
  });
});

describe('behind trusted proxies', () => {
  const addressOf = clientAddressResolver(['127.0.0.1', '10.0.0.0/8', '2001:db8:ffff::/48']);

  it('takes the client from the header of a trusted peer', () => {
    expect(addressOf('127.0.0.1', '203.0.113.9')).toBe('203.0.113.9');
    expect(addressOf('::ffff:127.0.0.1', '203.0.113.9')).toBe('203.0.113.9');
  });

  it('takes the rightmost entry that is not a trusted proxy, whatever the client wrote left of it', () => {
    expect(addressOf('127.0.0.1', '1.1.1.1, 203.0.113.9, 10.1.2.3')).toBe('203.0.113.9');
    expect(addressOf('127.0.0.1', ['1.1.1.1', '203.0.113.9, 10.1.2.3'])).toBe('203.0.113.9');
  });

  it('ignores the header of an untrusted peer (a spoofed X-Forwarded-For)', () => {
    expect(addressOf('198.51.100.7', '203.0.113.9')).toBe('198.51.100.7');
    expect(addressOf('11.0.0.1', '10.0.0.1')).toBe('11.0.0.1');
  });

  it('reads ports and brackets that some proxies write, and stops at an entry that is no address', () => {
    expect(addressOf('127.0.0.1', '203.0.113.9:4711')).toBe('203.0.113.9');
    expect(addressOf('127.0.0.1', '[2001:db8:1:2::5]:443')).toBe('2001:db8:1:2::/64');
    expect(addressOf('127.0.0.1', 'evil, 10.0.0.2')).toBe('10.0.0.2');
  });

  it('counts a chain of trusted proxies only against its outermost entry', () => {
    expect(addressOf('10.0.0.1', '10.0.0.3, 10.0.0.2')).toBe('10.0.0.3');
  });

  it('trusts an IPv6 range', () => {
    expect(addressOf('2001:db8:ffff:1::1', '2001:db8:5::9')).toBe('2001:db8:5:0::/64');
    expect(addressOf('2001:db8:fffe::1', '2001:db8:5::9')).toBe('2001:db8:fffe:0::/64');
  });
});

describe('IPv6 grouping', () => {
  it('groups the addresses of one /64, however they are written', () => {
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('2001:0db8:0:0:0:0:0:2')).toBe('2001:db8:0:0::/64');
    expect(addressKey('2001:DB8:0000:0000:ffff:1:2:3')).toBe('2001:db8:0:0::/64');
    expect(addressKey('2001:db8::ffff:192.0.2.1')).toBe('2001:db8:0:0::/64');
  });

  it('tells apart neighbouring /64s', () => {
    expect(addressKey('2001:db8:0:1::1')).not.toBe(addressKey('2001:db8::1'));
  });

  it('keeps IPv4 addresses as they are', () => {
    expect(addressKey('192.0.2.1')).toBe('192.0.2.1');
  });
});
