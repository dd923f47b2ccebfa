import { beforeEach, describe, expect, it } from 'vitest';
import { findPassage } from './find-passage.ts';
import { textAfter, textBefore } from './page-text.ts';
import { selectionQuote } from './selection-quote.ts';

beforeEach(() => {
  document.body.innerHTML = '';
});

/** The text a found range covers, and the element it starts in (its id, or its tag). */
function found(quote: Parameters<typeof findPassage>[1]): { text: string; startsIn: string | undefined } | null {
  const range = findPassage(document.body, quote);
  const element = range?.startContainer.parentElement;
  return range && { text: range.toString(), startsIn: element?.id || element?.localName };
}

describe('findPassage', () => {
  it('finds a passage that spans several elements and line breaks', () => {
    document.body.innerHTML = `<article><p id="one">The <b>quick</b>
        brown fox</p><p id="two">jumps over the lazy dog.</p></article>`;
    expect(found({ text: 'quick brown fox jumps over' })).toEqual({
      text: 'quick\n        brown foxjumps over',
      startsIn: 'b',
    });
    expect(found({ text: 'The quick' })?.startsIn).toBe('one');
  });

  it('tells a repeated passage apart by its prefix and suffix', () => {
    document.body.innerHTML = `
      <p id="first">Alice said: read the manual first.</p>
      <p id="second">Bob said: read the manual twice.</p>
      <p id="third">Carol said: read the manual first.</p>`;
    expect(found({ text: 'read the manual' })?.startsIn).toBe('first');
    expect(found({ text: 'read the manual', prefix: 'Bob said:' })?.startsIn).toBe('second');
    expect(found({ text: 'read the manual', suffix: 'twice.' })?.startsIn).toBe('second');
    expect(found({ text: 'read the manual', prefix: 'Carol said:', suffix: 'first.' })?.startsIn).toBe('third');
    // Context that changed a little still picks the closest occurrence.
    expect(found({ text: 'read the manual', prefix: 'Then Carol said:', suffix: 'first!' })?.startsIn).toBe('third');
  });

  it('does not find what is not on the page, nor text in scripts and styles', () => {
    document.body.innerHTML = `<p>Visible words.</p><script>const hidden = "secret words";</script>
      <style>.secret-rule {}</style>`;
    expect(findPassage(document.body, { text: 'not here at all' })).toBeNull();
    expect(findPassage(document.body, { text: 'secret words' })).toBeNull();
    expect(findPassage(document.body, { text: 'secret-rule' })).toBeNull();
    expect(findPassage(document.body, { text: '   ' })).toBeNull();
  });

  it('ends the range after the last character, even a two-unit one', () => {
    document.body.innerHTML = '<p id="p">Party 🎉 time</p>';
    expect(found({ text: 'Party 🎉' })).toEqual({ text: 'Party 🎉', startsIn: 'p' });
  });
});

describe('the text around a selection', () => {
  it('reads across elements before and after a point, leaving scripts out', () => {
    document.body.innerHTML = `<p id="a">First <i>paragraph</i>.</p><script>var x</script><p id="b">Second one.</p>`;
    const second = document.querySelector('#b')?.firstChild as Text;
    expect(textBefore(second, 6, 100)).toBe('First paragraph.Second');
    expect(textAfter(second, 6, 100)).toBe(' one.');
    expect(textBefore(second, 6, 6)).toBe('Second');
    // Points between elements: before <p id="b">, and at the end of <p id="a">.
    expect(textAfter(document.body, 2, 100)).toBe('Second one.');
    const first = document.querySelector('#a') as HTMLElement;
    expect(textBefore(first, first.childNodes.length, 100)).toBe('First paragraph.');
    expect(textAfter(first, first.childNodes.length, 100)).toBe('Second one.');
  });

  it('makes the selection a quote with the words around it', () => {
    document.body.innerHTML = '<p>Before the passage. The quoted words here. After the passage.</p>';
    const text = document.querySelector('p')?.firstChild as Text;
    const start = text.data.indexOf('The quoted');
    const range = document.createRange();
    range.setStart(text, start);
    range.setEnd(text, start + 'The quoted words here.'.length);
    const selection = getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    expect(selectionQuote(selection)).toEqual({
      text: 'The quoted words here.',
      prefix: 'Before the passage.',
      suffix: 'After the passage.',
    });
    selection?.collapseToEnd();
    expect(selectionQuote(selection)).toBeNull();
  });
});
