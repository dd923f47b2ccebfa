/** The mark an update leaves for the panel's "What's new" (issue #17), in storage as the worker and panels share it. */
import { beforeEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { markUpdates, takeWhatsNew } from './whats-new.ts';

const manifestOf = (version: string) => () => ({ manifest_version: 3, name: 'samepage', version });

/** The browser's `runtime.onInstalled`, as the service worker hears it. */
const installed = (reason: 'install' | 'update' | 'browser_update', previousVersion?: string) =>
  fakeBrowser.runtime.onInstalled.trigger({ reason, previousVersion, temporary: false });

beforeEach(() => {
  fakeBrowser.runtime.getManifest = manifestOf('0.2.0');
  markUpdates();
});

describe('what is new after an update', () => {
  it('an update marks the new version’s notes unseen', async () => {
    await installed('update', '0.1.0');
    expect(await browser.storage.local.get('whatsNew')).toEqual({ whatsNew: '0.2.0' });
  });

  it('a fresh install marks nothing: a new person has nothing to compare with', async () => {
    await installed('install');
    expect(await browser.storage.local.get('whatsNew')).toEqual({});
  });

  it('a reload of the same version, or the browser’s own update, marks nothing', async () => {
    await installed('update', '0.2.0');
    await installed('browser_update', '0.1.0');
    expect(await browser.storage.local.get('whatsNew')).toEqual({});
  });

  it('is taken once: the next panel finds nothing', async () => {
    await installed('update', '0.1.0');
    expect(await takeWhatsNew()).toBe('0.2.0');
    expect(await takeWhatsNew()).toBeNull();
    expect(await browser.storage.local.get('whatsNew')).toEqual({});
  });

  it('a mark from an earlier version announces nothing, and goes', async () => {
    await installed('update', '0.1.0');
    fakeBrowser.runtime.getManifest = manifestOf('0.3.0');
    expect(await takeWhatsNew()).toBeNull();
    expect(await browser.storage.local.get('whatsNew')).toEqual({});
  });
});
