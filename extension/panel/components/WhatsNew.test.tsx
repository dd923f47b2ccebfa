/** The panel's "What's new" after an update (issue #17): shown once, in the panel's language, until dismissed. */
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { beforeEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { markUpdates } from '../../lib/whats-new.ts';
import { useLocale } from '../../testing/locale.ts';
import { acting } from '../testing/render-panel.tsx';
import { WhatsNew } from './WhatsNew.tsx';

beforeEach(() => {
  fakeBrowser.runtime.getManifest = () => ({ manifest_version: 3, name: 'samepage', version: '0.2.0' });
  markUpdates();
});

/** The browser's `runtime.onInstalled`, as the service worker hears it. */
const installed = (reason: 'install' | 'update', previousVersion?: string) =>
  fakeBrowser.runtime.onInstalled.trigger({ reason, previousVersion, temporary: false });

/** Renders the notice and lets it read storage. */
async function renderNotice(): Promise<void> {
  await acting(() => render(<WhatsNew />));
  await acting(() => new Promise((resolve) => setTimeout(resolve, 0)));
}

describe('what is new, in the panel', () => {
  it('after an update, says which version with its notes, once', async () => {
    await installed('update', '0.1.0');
    await renderNotice();
    const notice = screen.getByRole('region', { name: 'Updated to 0.2.0' });
    expect(notice.querySelectorAll('li')).toHaveLength(3);
    expect(notice.textContent).toContain('samepage now speaks German and Arabic');
    // Shown is seen: a panel in another tab, opened now, does not show it again.
    expect(await browser.storage.local.get('whatsNew')).toEqual({});
    cleanup();
    await renderNotice();
    expect(screen.queryByTestId('whats-new')).toBeNull();
  });

  it('goes with its Dismiss button', async () => {
    await installed('update', '0.1.0');
    await renderNotice();
    await acting(() => fireEvent.click(screen.getByRole('button', { name: 'Dismiss' })));
    expect(screen.queryByTestId('whats-new')).toBeNull();
  });

  it('goes with Escape inside it, which the panel then does not take to collapse', async () => {
    await installed('update', '0.1.0');
    await renderNotice();
    const button = screen.getByRole('button', { name: 'Dismiss' });
    button.focus();
    let collapsing = true;
    window.addEventListener('keydown', (event) => (collapsing = !event.defaultPrevented), { once: true });
    await acting(() => fireEvent.keyDown(button, { key: 'Escape' }));
    expect(screen.queryByTestId('whats-new')).toBeNull();
    expect(collapsing).toBe(false);
  });

  it('shows nothing after a fresh install', async () => {
    await installed('install');
    await renderNotice();
    expect(screen.queryByTestId('whats-new')).toBeNull();
  });

  it('speaks German and Arabic', async () => {
    useLocale('de');
    await installed('update', '0.1.0');
    await renderNotice();
    expect(screen.getByRole('heading').textContent).toBe('Aktualisiert auf 0.2.0');
    expect(screen.getByRole('button').textContent).toBe('Ausblenden');
    cleanup();
    useLocale('ar');
    await installed('update', '0.1.0');
    await renderNotice();
    expect(screen.getByRole('heading').textContent).toBe('تم التحديث إلى الإصدار 0.2.0');
    expect(screen.getByRole('button').textContent).toBe('إخفاء');
  });
});
