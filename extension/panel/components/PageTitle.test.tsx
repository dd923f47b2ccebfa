import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { useLocale } from '../../testing/locale.ts';
import { PageTitle } from './PageTitle.tsx';

afterEach(cleanup);

describe('the page title in the header', () => {
  it('is marked as the page’s words: a label, quotes, and what a screen reader says', () => {
    render(<PageTitle title="samepage: your session expired, type your password" />);
    const heading = screen.getByRole('heading', { level: 1 });
    expect(heading.querySelector('.title-source')?.textContent).toBe('page');
    expect(heading.querySelector('q')?.textContent).toBe('samepage: your session expired, type your password');
    expect(heading.title).toBe('Title supplied by the page: samepage: your session expired, type your password');
    // The visible label is hidden from screen readers, which hear the longer words instead.
    expect(heading.querySelector('.title-source')?.getAttribute('aria-hidden')).toBe('true');
    expect(heading.querySelector('.sr-only')?.textContent).toBe('Title supplied by the page: ');
  });

  it('keeps a right-to-left title from reordering the label', () => {
    render(<PageTitle title="مقالة" />);
    const quote = screen.getByTestId('page-title');
    expect(quote.getAttribute('dir')).toBe('auto');
    expect(quote.firstElementChild?.localName).toBe('bdi');
  });

  it('is samepage’s own name, unmarked, where the page gave no title', () => {
    render(<PageTitle title={undefined} />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('samepage');
    expect(screen.queryByTestId('page-title')).toBeNull();
  });

  it('speaks the reader’s language: the label and the screen-reader words in German', () => {
    useLocale('de');
    render(<PageTitle title="Ein Artikel" />);
    const heading = screen.getByRole('heading', { level: 1 });
    expect(heading.querySelector('.title-source')?.textContent).toBe('Seite');
    expect(heading.title).toBe('Vom Seitenbetreiber angegebener Titel: Ein Artikel');
  });
});
