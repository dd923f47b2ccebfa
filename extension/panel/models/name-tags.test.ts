/** Tags after names that look alike in a room (name-tags.ts, through the room model). */
import { describe, expect, it } from 'vitest';
import { userTag } from '../../../protocol/index.ts';
import { ALICE, BOB, CYRILLIC_SAM, PAGE_ROOM, SAM, chat } from '../testing/fixtures.ts';
import { enterRoom, setupPanel } from '../testing/panel-setup.ts';

describe('name tags', () => {
  it('tags each of two members whose names look alike, and no one else', async () => {
    const { hub, models } = setupPanel();
    await enterRoom(hub, { members: [ALICE, SAM, CYRILLIC_SAM, BOB] });
    const { room } = models;
    expect(room.tagOf(SAM)).toBe(userTag(SAM.id));
    expect(room.tagOf(CYRILLIC_SAM)).toBe(userTag(CYRILLIC_SAM.id));
    expect(room.tagOf(SAM)).not.toBe(room.tagOf(CYRILLIC_SAM));
    expect(room.tagOf(ALICE)).toBeNull();
    expect(room.tagOf(BOB)).toBeNull();
  });

  it('folds case, and follows renames both ways', async () => {
    const { hub, models } = setupPanel();
    const lowerSam = { ...BOB, name: 'sam' };
    await enterRoom(hub, { members: [ALICE, SAM, lowerSam] });
    const { room } = models;
    expect(room.tagOf(lowerSam)).toBe(userTag(BOB.id));

    hub.push('presence:update', { room: PAGE_ROOM, renamed: BOB, memberCount: 3 });
    expect(room.tagOf(SAM)).toBeNull();
    expect(room.tagOf(BOB)).toBeNull();

    hub.push('presence:update', { room: PAGE_ROOM, renamed: { ...ALICE, name: 'SAM' }, memberCount: 3 });
    expect(room.tagOf(SAM)).toBe(userTag(SAM.id));
    expect(room.self.value && room.tagOf(room.self.value)).toBe(userTag(ALICE.id));
  });

  it('counts the authors of messages shown, but not one person twice', async () => {
    const { hub, models } = setupPanel();
    // Cyrillic Sam wrote and left; Sam is here and wrote too.
    await enterRoom(hub, { members: [ALICE, SAM], history: [chat(CYRILLIC_SAM, 'hi'), chat(SAM, 'hello')] });
    expect(models.room.tagOf(SAM)).toBe(userTag(SAM.id));
    expect(models.room.tagOf(CYRILLIC_SAM)).toBe(userTag(CYRILLIC_SAM.id));

    const alone = setupPanel();
    await enterRoom(alone.hub, { members: [ALICE, SAM], history: [chat(SAM, 'hello'), chat(SAM, 'again')] });
    expect(alone.models.room.tagOf(SAM)).toBeNull();
  });
});
