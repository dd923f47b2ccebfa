import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import type Picker from 'emoji-picker-element/picker.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TEXT_MAX_CHARS } from '../../../protocol/index.ts';
import { useLocale } from '../../testing/locale.ts';
import { createUploadFlow, refusalWords } from '../models/image-upload.ts';
import type { ImageMessage } from '../models/images.ts';
import { BOB, chat, picture } from '../testing/fixtures.ts';
import { acting, renderInRoom } from '../testing/render-panel.tsx';
import { EmojiPicker, pickerLabels } from './EmojiPicker.tsx';
import { UploadStatus } from './ImageAttach.tsx';
import { MessageImage } from './MessageImage.tsx';

afterEach(() => {
  useLocale();
  vi.restoreAllMocks();
});

const composer = () => screen.getByTestId('composer') as HTMLTextAreaElement;
const type = (text: string) => acting(() => fireEvent.input(composer(), { target: { value: text } }));

/** Alice's panel with Bob's question, answering it, a page quote waiting, and 150 characters left. */
async function composing(): Promise<void> {
  const question = chat(BOB, 'who likes otters?');
  const { hub } = await renderInRoom({ history: [question] });
  const message = screen.getAllByTestId('message').find((element) => element.textContent?.includes('otters'));
  await acting(() => fireEvent.click(within(message as HTMLElement).getByTestId('message-reply')));
  await acting(() => hub.push('composer:quote', { quote: { text: 'Otters hold hands while they sleep' } }));
  await type('x'.repeat(TEXT_MAX_CHARS - 150));
}

const bobsPicture = (): ImageMessage => ({ ...picture(BOB), reactions: [] });

/** A picture a fifth of the way up. */
async function uploading(): Promise<void> {
  const upload = createUploadFlow((_file, _abort, progress) => {
    progress(0.2);
    return new Promise(() => {});
  });
  render(<UploadStatus upload={upload} />);
  await act(() => void upload.attach(new Blob(['x'], { type: 'image/png' })));
}

describe('the composer and its pictures in German', () => {
  it('says what is answered, what is quoted and what is left in German', async () => {
    useLocale('de');
    await composing();
    expect(screen.getByTestId('reply-preview').textContent).toBe('Antwort an Bob: who likes otters?✕');
    expect(screen.getByRole('button', { name: 'Antwort abbrechen' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Zitat von der Seite' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Zitat entfernen' })).toBeTruthy();
    expect(screen.getByText('Noch 150 Zeichen')).toBeTruthy();
    expect(screen.getByTestId('send').textContent).toBe('Senden');
  });

  it('says how far a picture is, why it was refused, and names it', async () => {
    useLocale('de');
    await uploading();
    // German writes a (no-break) space before the percent sign.
    expect(screen.getByTestId('image-upload').textContent).toContain('Bild wird gesendet… 20\u00a0%');
    expect(screen.getByRole('button', { name: 'Abbrechen' })).toBeTruthy();
    expect(refusalWords({ outcome: 'answered', status: 413, answer: null })).toBe(
      'Dieses Bild ist zu groß für diesen Chat-Server.',
    );
    render(<MessageImage message={bobsPicture()} />);
    expect((screen.getByTestId('message-image') as HTMLImageElement).alt).toBe('Bild von Bob');
  });

  it('gives the emoji picker German words, with its own placeholder for the skin tone', () => {
    useLocale('de');
    const labels = pickerLabels();
    expect(labels.searchLabel).toBe('Suchen');
    expect(labels.skinToneLabel).toBe('Hautton wählen (aktuell {skinTone})');
    expect(labels.categories['food-drink']).toBe('Essen und Trinken');
  });

  it('hands those words to the picker it loads', async () => {
    // As in EmojiPicker.test.tsx: the picker's element reports, on the console, the storage happy-dom lacks.
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    useLocale('de');
    render(<EmojiPicker onPick={() => {}} />);
    expect(screen.getByText('Emojis werden geladen…')).toBeTruthy();
    await waitFor(() => expect(document.querySelector('emoji-picker')).not.toBeNull());
    const element = document.querySelector('emoji-picker') as Picker;
    expect(element.i18n.regionLabel).toBe('Emoji-Auswahl');
  });
});

describe('the composer and its pictures in Arabic', () => {
  it('says what is answered, what is quoted and what is left in Arabic', async () => {
    useLocale('ar');
    await composing();
    expect(screen.getByTestId('reply-preview').textContent).toBe('ردًا على Bob: who likes otters?✕');
    expect(screen.getByRole('button', { name: 'إلغاء الرد' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'اقتباس من الصفحة' })).toBeTruthy();
    // 150 takes Arabic's "many" form, whatever digits the locale writes it in.
    expect(screen.getByText(`بقي ${new Intl.NumberFormat('ar').format(150)} حرفًا`)).toBeTruthy();
    expect(screen.getByTestId('send').textContent).toBe('إرسال');
  });

  it('names the other person in a reply in its own element, whatever the order of the sentence', async () => {
    useLocale('ar');
    await composing();
    expect(within(screen.getByTestId('reply-preview')).getByText('Bob').closest('strong')).not.toBeNull();
    expect(screen.getByTestId('reply-preview').querySelector('.reply-snippet')?.textContent).toBe('who likes otters?');
  });

  it('says how far a picture is, why it was refused, and names it', async () => {
    useLocale('ar');
    await uploading();
    const percent = new Intl.NumberFormat('ar', { style: 'percent' }).format(0.2);
    expect(screen.getByTestId('image-upload').textContent).toContain(`جارٍ إرسال الصورة… ${percent}`);
    // A status code stays as the server wrote it.
    expect(refusalWords({ outcome: 'answered', status: 502, answer: null })).toBe(
      'تعذّر على خادم الدردشة استلام الصورة (الخطأ 502)؛ حاول مرة أخرى.',
    );
    render(<MessageImage message={bobsPicture()} />);
    expect((screen.getByTestId('message-image') as HTMLImageElement).alt).toBe('صورة من Bob');
  });
});
