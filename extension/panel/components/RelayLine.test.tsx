import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { acting, renderPanel } from '../testing/render-panel.tsx';

describe('the relay and the privacy page, in the panel', () => {
  it('shows the relay’s host once the hub says which, described for every reader', async () => {
    const { hub } = renderPanel();
    expect(screen.queryByTestId('relay-host')).toBeNull();
    await acting(() => hub.push('relay:host', { host: 'localhost:3000' }));
    const host = screen.getByTestId('relay-host');
    expect(host.textContent).toBe('localhost:3000');
    expect(host.getAttribute('title')).toBe('Your messages go through this relay');
    expect(host.closest('p')?.textContent).toContain('Your messages go through this relay: Relay: localhost:3000');
    await acting(() => hub.push('relay:host', { host: 'relay.samepage.chat' }));
    expect(screen.getByTestId('relay-host').textContent).toBe('relay.samepage.chat');
  });

  it('opens the privacy page in a new tab', async () => {
    renderPanel();
    const link = screen.getByTestId('privacy-link');
    const url = browser.runtime.getURL('/privacy.html');
    expect(link.getAttribute('href')).toBe(url);
    await acting(() => fireEvent.click(link));
    expect((await browser.tabs.query({})).map((tab) => tab.url)).toContain(url);
  });
});
