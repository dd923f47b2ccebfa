import type { I18n } from 'emoji-picker-element/shared.js';
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '../../lib/i18n.ts';
import { EMOJI_DATA_PATH } from '../emoji-data.ts';

/**
 * The picker's own words (emoji-picker-element's `i18n`), from our messages like every other
 * string. The emoji's names, which its search matches, stay those of the bundled English data.
 */
export function pickerLabels(): I18n {
  return {
    categoriesLabel: t('compose_emoji_categories'),
    emojiUnsupportedMessage: t('compose_emoji_unsupported'),
    favoritesLabel: t('compose_emoji_favorites'),
    loadingMessage: t('compose_emoji_picker_loading'),
    networkErrorMessage: t('compose_emoji_network_error'),
    regionLabel: t('compose_emoji_region'),
    searchDescription: t('compose_emoji_search_description'),
    searchLabel: t('compose_emoji_search'),
    searchResultsLabel: t('compose_emoji_search_results'),
    skinToneDescription: t('compose_emoji_skin_tone_description'),
    // The picker puts the current tone's name where its own placeholder is.
    skinToneLabel: t('compose_emoji_skin_tone_label', '{skinTone}'),
    skinTonesLabel: t('compose_emoji_skin_tones'),
    skinTones: [
      t('compose_emoji_tone_default'),
      t('compose_emoji_tone_light'),
      t('compose_emoji_tone_medium_light'),
      t('compose_emoji_tone_medium'),
      t('compose_emoji_tone_medium_dark'),
      t('compose_emoji_tone_dark'),
    ],
    categories: {
      custom: t('compose_emoji_category_custom'),
      'smileys-emotion': t('compose_emoji_category_smileys'),
      'people-body': t('compose_emoji_category_people'),
      'animals-nature': t('compose_emoji_category_animals'),
      'food-drink': t('compose_emoji_category_food'),
      'travel-places': t('compose_emoji_category_travel'),
      activities: t('compose_emoji_category_activities'),
      objects: t('compose_emoji_category_objects'),
      symbols: t('compose_emoji_category_symbols'),
      flags: t('compose_emoji_category_flags'),
    },
  };
}

/**
 * The full emoji picker. Its code is fetched from the extension when this mounts (a dynamic
 * import: a chunk of its own, outside the panel's first load) and its data is the copy the
 * build bundles (emoji-data.ts), held in memory (emoji-memory-database.ts).
 */
export function EmojiPicker({ onPick }: { onPick(emoji: string): void }) {
  const host = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    let mounted = true;
    let picker: HTMLElement | undefined;
    import('../emoji-picker-element.ts').then(
      ({ createPicker }) => {
        if (!mounted || !host.current) return;
        const element = createPicker(browser.runtime.getURL(EMOJI_DATA_PATH));
        element.i18n = pickerLabels();
        element.addEventListener('emoji-click', ({ detail }) => {
          if (detail.unicode) pick.current(detail.unicode);
        });
        host.current.append(element);
        picker = element;
        setState('ready');
        // The search field first, as in any picker: typing a name is the quickest way to an emoji.
        element.shadowRoot?.querySelector<HTMLInputElement>('input[type="search"]')?.focus();
      },
      () => mounted && setState('failed'),
    );
    return () => {
      mounted = false;
      picker?.remove();
    };
  }, []);

  return (
    <div class="emoji-picker" data-state={state}>
      {/* Preact renders nothing in here, so the element appended to it is never diffed away. */}
      <div class="emoji-picker-host" ref={host} />
      {state === 'loading' ? <p class="emoji-picker-note">{t('compose_emoji_loading')}</p> : null}
      {state === 'failed' ? (
        <p class="emoji-picker-note problem" role="alert">
          {t('compose_emoji_failed')}
        </p>
      ) : null}
    </div>
  );
}
