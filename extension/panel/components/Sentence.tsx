import type { ComponentChildren } from 'preact';

const SLOT = '\u0001';

/**
 * A translated sentence with an element where its substitution goes (`words` is given the
 * stand-in to pass as that substitution): a name or a title keeps its own markup and direction,
 * wherever the language puts it in the sentence.
 */
export function Sentence({ words, children }: { words(slot: string): string; children: ComponentChildren }) {
  const [before = '', after = ''] = words(SLOT).split(SLOT);
  return (
    <>
      {before}
      {children}
      {after}
    </>
  );
}
