/**
 * Names that read the same: the panel tags each person whose name looks like another's in the
 * room (`Sam #k3f9`), so that two people, or one posing as another, can be told apart. Pure, so
 * that any side can compute the same verdict; nothing on the wire depends on it.
 */

/** A map from each character of `from` to the one at the same place in `to`. */
function lookAlikes(rows: readonly (readonly [from: string, to: string])[]): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const [from, to] of rows) {
    const targets = [...to];
    if ([...from].length !== targets.length) throw new Error(`look-alike row ${from} is not as long as ${to}`);
    [...from].forEach((char, index) => map.set(char, targets[index] as string));
  }
  return map;
}

// Letters of other scripts (and a few Latin oddities) drawn like a Latin letter, mapped before
// case folding because their capital and small forms look like different Latin letters (Η is H,
// η is n). A compact, hand-picked subset of Unicode's confusables.txt: the look-alikes seen in
// impersonation, not every glyph that resembles another in some font.
const LOOK_ALIKES = lookAlikes([
  ['АВЕКМНОРСТХУЅІЈԚԜӀ', 'ABEKMHOPCTXYSIJQWI'], // Cyrillic capitals
  ['аеорсухѕіјԁһԛԝӏгпьү', 'aeopcyxsijdhqwlrnby'], // Cyrillic small letters
  ['ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ', 'ABEZHIKMNOPTYX'], // Greek capitals
  ['αεηικνορτυχωγ', 'aenikvoptuxwy'], // Greek small letters
  ['ıɡɑʟ01|', 'igaloll'], // Latin beyond ASCII, digits, a bar
]);

// After case folding: capital I and small l look alike, and i is I folded, so all three meet.
const FOLDED_LOOK_ALIKES: readonly (readonly [RegExp, string])[] = [
  [/i/g, 'l'],
  [/rn/g, 'm'],
  [/vv/g, 'w'],
];

/**
 * What a name looks like, reduced: compatibility-decomposed (NFKD: fullwidth Ｓ, 𝐒 and ſ become
 * s, and an accent comes apart from its letter so Cyrillic ё meets Latin ë), look-alikes mapped to
 * Latin, case folded, emoji presentation dropped, white space collapsed. Two names with the same
 * skeleton may be mistaken for each other.
 */
export function nameSkeleton(name: string): string {
  let skeleton = '';
  for (const char of name.normalize('NFKD')) skeleton += LOOK_ALIKES.get(char) ?? char;
  skeleton = skeleton.toLocaleLowerCase('und').normalize('NFD');
  for (const [pattern, replacement] of FOLDED_LOOK_ALIKES) skeleton = skeleton.replace(pattern, replacement);
  return skeleton
    .replace(/[\uFE0E\uFE0F]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

// Crockford's base32 alphabet, in lower case: no i, l, o or u to misread.
const TAG_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const TAG_LENGTH = 4;

/**
 * A short, stable tag for a public user id, shown after a name that looks like another's: four
 * base32 characters (20 bits) of an FNV-1a hash of the id. Ids are already hashes of secret
 * tokens; this only makes them short enough to read. Someone determined can still grind tokens for
 * a tag they want, so the tag tells honest namesakes apart, it does not prove who is who.
 */
export function userTag(userId: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < userId.length; index++) {
    hash = Math.imul(hash ^ userId.charCodeAt(index), 0x01000193) >>> 0;
  }
  let tag = '';
  for (let digit = 0; digit < TAG_LENGTH; digit++) tag += TAG_ALPHABET[(hash >>> (digit * 5)) & 31];
  return tag;
}
