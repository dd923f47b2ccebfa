import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { KeptSitesList } from '../../options/KeptSitesList.tsx';
import { keepOpenBrowser } from '../../testing/keep-open-browser.ts';
import { KeepOpenControl } from './KeepOpenControl.tsx';

afterEach(cleanup);

const box = async (): Promise<HTMLInputElement> =>
  (await screen.findByRole('checkbox', { name: 'Keep samepage open on this site' })) as HTMLInputElement;

describe('“Keep samepage open on this site” in the panel', () => {
  it('keeps the site on the click, says what it means, and stops on the next', async () => {
    const browser = keepOpenBrowser();
    render(<KeepOpenControl siteUrl="https://example.com" api={browser} />);
    expect((await box()).checked).toBe(false);

    fireEvent.click(await box());
    await waitFor(async () => expect((await box()).checked).toBe(true));
    expect(browser.registered.size).toBe(1);
    expect(screen.getByRole('status').textContent).toMatch(/Opens on every page of this site you load/);

    fireEvent.click(await box());
    await waitFor(async () => expect((await box()).checked).toBe(false));
    expect(browser.registered.size).toBe(0);
    expect(browser.granted.size).toBe(0);
  });

  it('stays off and says why when the browser’s permission is refused', async () => {
    const browser = keepOpenBrowser();
    browser.answer = false;
    render(<KeepOpenControl siteUrl="https://example.com" api={browser} />);

    fireEvent.click(await box());

    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/permission was not given/));
    expect((await box()).checked).toBe(false);
    expect(browser.registered.size).toBe(0);
  });

  it('shows a site kept earlier as ticked, without words', async () => {
    const browser = keepOpenBrowser();
    render(<KeepOpenControl siteUrl="https://www.example.com/a" api={browser} />);
    fireEvent.click(await box());
    await waitFor(async () => expect((await box()).checked).toBe(true));
    cleanup();

    render(<KeepOpenControl siteUrl="https://example.com" api={browser} />);
    expect((await box()).checked).toBe(true);
    expect(screen.queryByRole('status')).toBeNull();
  });
});

describe('the options page’s kept sites', () => {
  it('lists each kept site, and Remove stops keeping it', async () => {
    const browser = keepOpenBrowser();
    render(<KeepOpenControl siteUrl="https://example.com" api={browser} />);
    fireEvent.click(await box());
    await waitFor(() => expect(browser.registered.size).toBe(1));
    cleanup();

    render(<KeptSitesList api={browser} />);
    const item = await screen.findByText('example.com');
    expect(item.closest('li')?.getAttribute('data-site')).toBe('https://example.com');

    fireEvent.click(screen.getByRole('button', { name: 'Remove https://example.com' }));

    await screen.findByText(/None\./);
    expect(browser.registered.size).toBe(0);
    expect(browser.granted.size).toBe(0);
  });
});
