/**
 * Property test of the name rules (text.ts, issue #11): names built at random from the pieces an
 * attacker and a real person would use; whatever nameProblem accepts must hold up when checked
 * by an independent reading of the rules. Seeded, so a failure names the seed that reproduces it.
 */
import { describe, expect, it } from 'vitest';
import { NAME_MAX_CHARS, NAME_MAX_MARKS, nameProblem, normalizeName } from './index.ts';

/** mulberry32: a tiny seeded generator, enough to spread test cases. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const chars = (text: string): string[] => [...text];
// What real names are made of, emoji sequences whole.
const FRIENDLY = [
  ...chars('SamAnnZoeIl1 0O-éëåøñçßıİ'),
  ...chars('محمدשלוםदेवनागरीक्षสมชายกิ์ễạư李小龙김'),
  ...chars('СаѕеоΑοΗη'), // look-alikes
  ...['😀', '❤️', '☺︎', '👨‍👩‍👧', '👩🏽‍💻', '🏳️‍🌈', '1️⃣', '#️⃣', '🇫🇷'],
  '\u{1F3F4}\u{E0067}\u{E0062}\u{E0077}\u{E006C}\u{E0073}\u{E007F}', // Wales' flag
];
// Pieces that are fine in some places only: marks, emoji parts, tag letters.
const RISKY = [
  ...chars('\u0301\u0300\u0308\u0323\u0334\u0336\u20E3\u0E34\u0E4C\u094D'),
  ...chars('👨👧🏳🌈🏴#1\u{1F3FD}\u{1F1EB}'),
  ...['\u200D', '\uFE0F', '\uFE0E', '\u{E0067}', '\u{E0062}', '\u{E0073}', '\u{E0063}', '\u{E0074}', '\u{E007F}'],
];
// Invisible in any place.
const HIDDEN = chars(
  '\u3164\u115F\u1160\uFFA0\u2800\u00AD\u180E\u200B\u200C\u200E\u202E\u2066\u2060\u034F\uFE00\u180B\u17B4\u{E0041}\u{E0100}\u{1D173}',
);
const SPACES_AND_CONTROLS = chars(' \t\n\u00A0\u2003\u3000\u2028\u0000\u0085\u007F');

const pick = <T>(next: () => number, from: readonly T[]): T => from[Math.floor(next() * from.length)] as T;

function randomName(next: () => number): string {
  let name = '';
  const length = Math.floor(next() * 36);
  for (let index = 0; index < length; index++) {
    const roll = next();
    if (roll < 0.02)
      name += String.fromCodePoint(Math.floor(next() * 0x110000)); // lone surrogates too
    else if (roll < 0.04) name += pick(next, HIDDEN);
    else if (roll < 0.06) name += pick(next, SPACES_AND_CONTROLS);
    else if (roll < 0.2) name += pick(next, RISKY);
    else name += pick(next, FRIENDLY);
  }
  return name;
}

const isMark = (char: string | undefined) => char !== undefined && /\p{M}/u.test(char);
const isPictograph = (char: string | undefined) => char !== undefined && /\p{Extended_Pictographic}/u.test(char);
const TAG_FLAGS = ['gbeng', 'gbsct', 'gbwls'].map(
  (region) =>
    `\u{1F3F4}${[...region].map((letter) => String.fromCodePoint(0xe0000 + letter.charCodeAt(0))).join('')}\u{E007F}`,
);

/** Where the default-ignorable code point at `index` is one an emoji needs. */
function emojiNeeds(points: readonly string[], index: number): boolean {
  const point = points[index] as string;
  if (point === '\uFE0F' || point === '\uFE0E') return /\p{Emoji}/u.test(points[index - 1] ?? '');
  if (point === '\u200D') {
    const before = /[\p{Emoji_Modifier}\uFE0F]/u.test(points[index - 1] ?? '') ? index - 2 : index - 1;
    return isPictograph(points[before]) && isPictograph(points[index + 1]);
  }
  return TAG_FLAGS.some((flag) => {
    const flagPoints = [...flag];
    return flagPoints.some(
      (_, offset) =>
        index >= offset && points.slice(index - offset, index - offset + flagPoints.length).join('') === flag,
    );
  });
}

/** The rules, read again without text.ts's regular expressions. */
function breaksRules(name: string): string | null {
  if (name !== name.normalize('NFC')) return 'not NFC';
  if (normalizeName(name) !== name) return 'not stable under normalizeName';
  const points = [...name];
  if (points.length < 1 || points.length > NAME_MAX_CHARS) return 'length';
  if (!/[^\s\p{M}\p{Default_Ignorable_Code_Point}\p{Cc}\u2800]/u.test(name)) return 'nothing visible';
  let marks = 0;
  for (const [index, point] of points.entries()) {
    if (/[\p{Cc}\u2028\u2029\u2800]/u.test(point)) return `forbidden ${point}`;
    if (/\p{Default_Ignorable_Code_Point}/u.test(point) && !emojiNeeds(points, index)) return `ignorable ${point}`;
    marks = isMark(point) ? marks + 1 : 0;
    if (marks > NAME_MAX_MARKS || (index === 0 && marks > 0)) return 'marks';
  }
  return null;
}

describe('name rules, property', () => {
  it('accepts only names that hold up, in their normalized form', () => {
    const seed = 20_250_611;
    const next = random(seed);
    let accepted = 0;
    for (let round = 0; round < 20_000; round++) {
      const raw = randomName(next);
      if (nameProblem(raw) !== null) continue;
      accepted++;
      const name = normalizeName(raw);
      expect(breaksRules(name), `seed ${seed}, round ${round}: ${JSON.stringify(raw)}`).toBeNull();
      expect(nameProblem(name)).toBeNull();
    }
    // The generator must reach both verdicts for the property to mean anything.
    expect(accepted).toBeGreaterThan(1000);
    expect(accepted).toBeLessThan(19_000);
  });

  it('refuses a real name with an invisible character slipped in anywhere', () => {
    const next = random(7);
    const real = ['Sam', 'Nguyễn Thị', 'محمد', 'กิตติ์', '李小龙', '👨‍👩‍👧', '1️⃣ Ann', 'ज़ैनब'];
    for (let round = 0; round < 2_000; round++) {
      const points = [...pick(next, real)];
      const at = Math.floor(next() * (points.length + 1));
      points.splice(at, 0, pick(next, HIDDEN));
      const name = points.join('');
      expect(nameProblem(name), JSON.stringify(name)).toMatch(
        /^name contains an invisible character \(U\+[0-9A-F]{4,5}\)$/,
      );
    }
  });
});
