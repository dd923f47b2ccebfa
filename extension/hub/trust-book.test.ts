import { browser } from 'wxt/browser';
import { describe, expect, it } from 'vitest';
import { MemberKeys } from './member-keys.ts';
import { NOTICES_MAX, SEEN_MAX, TRUST_MAX, TrustBook } from './trust-book.ts';

const KEY_A = 'A'.repeat(43);
const KEY_B = 'B'.repeat(43);

describe('the trust book (issue #15)', () => {
  it('takes a first key quietly, announces a different one and unverifies the conversation', async () => {
    const changed: string[] = [];
    const book = new TrustBook(
      (key) => changed.push(key),
      () => 1000,
    );
    expect(await book.learn('c1', KEY_A, 'Bob')).toBe(true);
    expect(await book.verify('c1', KEY_A, true)).toBe(true);
    expect(await book.learn('c1', KEY_A, 'Bob')).toBe(false);
    expect(await book.get('c1')).toMatchObject({ peerKey: KEY_A, verified: true, notices: [] });

    expect(await book.learn('c1', KEY_B, 'Bob')).toBe(true);
    const after = await book.get('c1');
    expect(after).toMatchObject({ peerKey: KEY_B, verified: false });
    expect(after.notices).toEqual([{ at: 1000, text: expect.stringMatching(/^Bob’s safety number changed\./) }]);
    expect(changed).toEqual(['c1', 'c1', 'c1']);
  });

  it('verifies only the key the person compared, and starts no conversation for someone merely seen', async () => {
    const book = new TrustBook(() => undefined);
    await book.learn('c1', KEY_A, 'Bob');
    expect(await book.verify('c1', KEY_B, true)).toBe(false);
    expect((await book.get('c1')).verified).toBe(false);
    expect(await book.learn('c2', KEY_A, 'Carol', true)).toBe(false);
    expect((await book.get('c2')).peerKey).toBeUndefined();
  });

  it('survives the worker in storage.local, keeps the newest notices and the conversations touched last', async () => {
    let now = 0;
    const book = new TrustBook(
      () => undefined,
      () => ++now,
    );
    for (let index = 0; index < NOTICES_MAX + 5; index++) await book.notice('c0', `notice ${index}`);
    for (let index = 1; index <= TRUST_MAX; index++) await book.learn(`c${index}`, KEY_A, 'Someone');
    const stored = (await browser.storage.local.get('dmTrust')).dmTrust as Record<string, unknown>;
    expect(Object.keys(stored)).toHaveLength(TRUST_MAX);
    expect(stored).not.toHaveProperty('c0');

    const again = new TrustBook(() => undefined);
    expect((await again.get(`c${TRUST_MAX}`)).peerKey).toBe(KEY_A);
    const fresh = new TrustBook(
      () => undefined,
      () => ++now,
    );
    for (let index = 0; index < NOTICES_MAX + 5; index++) await fresh.notice('c1', `notice ${index}`);
    const notices = (await new TrustBook(() => undefined).get('c1')).notices.map((notice) => notice.text);
    expect(notices).toHaveLength(NOTICES_MAX);
    expect(notices.at(-1)).toBe(`notice ${NOTICES_MAX + 4}`);
  });

  it('remembers the clientIds taken in a conversation, the last SEEN_MAX, until the conversation is dropped', async () => {
    let now = 0;
    const book = new TrustBook(
      () => undefined,
      () => ++now,
    );
    await book.learn('c0', KEY_A, 'Bob');
    expect(await book.firstSight('c0', 'client001')).toBe(true);
    expect(await new TrustBook(() => undefined).firstSight('c0', 'client001')).toBe(false);
    expect(await book.firstSight('c1', 'client001')).toBe(true);
    for (let index = 0; index < SEEN_MAX; index++) await book.firstSight('c0', `later${index}`);
    expect(await book.firstSight('c0', 'client001')).toBe(true);

    for (let index = 1; index <= TRUST_MAX; index++) await book.learn(`c${index}`, KEY_A, 'Someone');
    expect(await browser.storage.local.get('dmSeen:c0')).toEqual({});
  });
});

describe('member keys', () => {
  it('remembers the key each person published per room, forgetting the oldest seen past its bound', () => {
    const keys = new MemberKeys(2);
    keys.remember('room1', { id: 'bob', name: 'Bob', key: KEY_A });
    keys.remember('room2', { id: 'bob', name: 'Bob', key: KEY_B });
    expect(keys.get('room1', 'bob')?.key).toBe(KEY_A);
    expect(keys.get('room2', 'bob')?.key).toBe(KEY_B);
    keys.remember('room1', { id: 'carol', name: 'Carol' });
    expect(keys.get('room1', 'bob')).toBeUndefined();
    expect(keys.get('room1', 'carol')).toEqual({ id: 'carol', name: 'Carol' });
  });
});
