/** The extension's privacy page (entrypoints/privacy), opened in a tab of its own. */
import { browser } from 'wxt/browser';

export const PRIVACY_PAGE = '/privacy.html';

export const privacyPageUrl = (): string => browser.runtime.getURL(PRIVACY_PAGE);

export async function openPrivacyPage(): Promise<void> {
  await browser.tabs.create({ url: privacyPageUrl() });
}
