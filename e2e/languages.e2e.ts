/**
 * The in-page panel in German and in Arabic (issue #17), in a Chromium whose language is that
 * one: the browser picks the extension's messages, the panel's page says its language and
 * direction, the texts a person alone in a room sees are translated, the "What's new" notice an
 * update leaves comes in that language too, and axe finds nothing. The Arabic panel, laid out
 * right to left, is saved as artifacts/e2e/languages/panel-ar.png.
 */
import { mkdirSync } from 'node:fs';
import type { Frame, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { audit, describeViolations } from './support/axe.ts';
import { launchUser, type BrowserLanguage, type User } from './support/browser.ts';
import { openPanel, setName, siteUrl, until } from './support/panel.ts';

const ARTIFACTS = 'artifacts/e2e/languages';

interface Expected {
  language: BrowserLanguage;
  dir: 'ltr' | 'rtl';
  /** The header's count, alone in the room. */
  here: string;
  /** The list of people's accessible name, and the mark after one's own name. */
  people: string;
  you: string;
  /** The composer's placeholder in a page's room. */
  compose: string;
  /** The empty room's invitation. */
  empty: string;
  whatsNewHeading: (version: string) => string;
  dismiss: string;
}

const GERMAN: Expected = {
  language: { code: 'de', posix: 'de_DE.UTF-8' },
  dir: 'ltr',
  here: '1 hier',
  people: 'Personen hier',
  you: '(du)',
  compose: 'Nachricht an alle auf dieser Seite',
  empty: 'Noch keine Nachrichten. Sag hallo zu allen auf dieser Seite.',
  whatsNewHeading: (version) => `Aktualisiert auf ${version}`,
  dismiss: 'Ausblenden',
};

const ARABIC: Expected = {
  language: { code: 'ar', posix: 'ar_EG.UTF-8' },
  dir: 'rtl',
  here: 'شخص واحد هنا',
  people: 'الأشخاص هنا',
  you: '(أنت)',
  compose: 'رسالة إلى الجميع في هذه الصفحة',
  empty: 'لا توجد رسائل بعد. ألقِ التحية على الجميع في هذه الصفحة.',
  whatsNewHeading: (version) => `تم التحديث إلى الإصدار ${version}`,
  dismiss: 'إخفاء',
};

/** What `markUnseen` reaches in the extension's service worker. */
interface WorkerGlobals {
  chrome: {
    runtime: { getManifest(): { version: string } };
    storage: { local: { set(items: Record<string, string>): Promise<void> } };
  };
}

/**
 * Leaves the mark an update to the running version leaves (extension/lib/whats-new.ts): an
 * unpacked build cannot be updated in place here, and the mark is all the panel reads.
 */
async function markUpdated(user: User): Promise<string> {
  const worker = await user.worker();
  return worker.evaluate(async () => {
    const { chrome } = globalThis as unknown as WorkerGlobals;
    const { version } = chrome.runtime.getManifest();
    await chrome.storage.local.set({ whatsNew: version });
    return version;
  });
}

async function expectNoViolations(panel: Frame, state: string): Promise<void> {
  const { passed, violations } = await audit(panel);
  expect(violations.length, describeViolations(state, violations)).toBe(0);
  expect(passed).toBeGreaterThan(10);
}

let user: User | undefined;
afterEach(async (context) => {
  if (context.task.result?.state === 'fail') await user?.saveArtifacts(context.task.name);
  await user?.close();
  user = undefined;
});

async function panelIn(expected: Expected): Promise<{ page: Page; panel: Frame; version: string }> {
  user = await launchUser(`lang-${expected.language.code}`, undefined, undefined, undefined, expected.language);
  const version = await markUpdated(user);
  const page = await user.open(siteUrl(`/article?scenario=language-${expected.language.code}`));
  const panel = await openPanel(user, page);
  return { page, panel, version };
}

describe('the panel in the browser’s language', () => {
  for (const expected of [GERMAN, ARABIC]) {
    it(`in ${expected.language.code}: its language, direction and texts, with no accessibility violation`, async () => {
      const { page, panel, version } = await panelIn(expected);
      const root = await panel.evaluate(() => ({
        lang: document.documentElement.lang,
        dir: document.documentElement.dir,
      }));
      expect(root).toEqual({ lang: expected.language.code, dir: expected.dir });

      const notice = panel.getByRole('region', { name: expected.whatsNewHeading(version) });
      await notice.waitFor();
      await expect.poll(() => notice.getByRole('listitem').count()).toBe(3);
      // A first run: the name prompt comes first, and then the room.
      await setName(panel, 'Mira');
      await until(() => panel.locator('.count').textContent(), expected.here);
      await until(() => panel.getByRole('region', { name: expected.people }).getByText(expected.you).count(), 1);
      expect(await panel.getByTestId('composer').getAttribute('placeholder')).toBe(expected.compose);
      await panel.getByText(expected.empty).waitFor();
      await expectNoViolations(panel, `the panel in ${expected.language.code}, with the notice`);

      if (expected === ARABIC) {
        mkdirSync(ARTIFACTS, { recursive: true });
        await (await panel.frameElement()).screenshot({ path: `${ARTIFACTS}/panel-ar.png` });
        await page.screenshot({ path: `${ARTIFACTS}/page-ar.png` });
      }

      await notice.getByRole('button', { name: expected.dismiss }).click();
      await until(() => notice.count(), 0);
      await expectNoViolations(panel, `the panel in ${expected.language.code}`);
    });
  }
});
