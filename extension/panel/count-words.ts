// The panel's words are English: its plural rules, not the reader's locale's.
const rules = new Intl.PluralRules('en');

/** "1 character", "2 characters", "-1 characters" read wrong: the count with its noun in the right number. */
export function countOf(count: number, one: string, many: string): string {
  return `${count} ${rules.select(count) === 'one' ? one : many}`;
}
