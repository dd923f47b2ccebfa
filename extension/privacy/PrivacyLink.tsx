import type { ComponentChildren } from 'preact';
import { openPrivacyPage, privacyPageUrl } from '../lib/privacy-page.ts';

/**
 * A link to the privacy page, from the panel and the options page: a real link (its address can
 * be copied), opened in a new tab by the extension, since the panel is a frame in someone's page.
 */
export function PrivacyLink({ children }: { children: ComponentChildren }) {
  return (
    <a
      href={privacyPageUrl()}
      target="_blank"
      rel="noopener"
      data-testid="privacy-link"
      onClick={(event) => {
        event.preventDefault();
        void openPrivacyPage();
      }}
    >
      {children}
    </a>
  );
}
