import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { plural } from '../../lib/i18n.ts';
import { longWait, shortWait } from '../../lib/wait-words.ts';
import { useLocale } from '../../testing/locale.ts';
import { BOB, PAGE_ROOM, alicesInbox } from '../testing/fixtures.ts';
import { acting, renderInRoom } from '../testing/render-panel.tsx';
import { DeliveryMark } from './DeliveryMark.tsx';
import { NewcomerNotice } from './NewcomerNotice.tsx';
import { ReactionChips } from './ReactionChips.tsx';
import { RoomModeNotice } from './RoomModeNotice.tsx';

const { withCarol, withBob } = alicesInbox();

afterEach(cleanup);

async function openInbox(): Promise<HTMLElement[]> {
  const { hub } = await renderInRoom();
  await acting(() => hub.push('inbox:update', { conversations: [withCarol, withBob] }));
  await acting(() => fireEvent.click(screen.getByTestId('dm-inbox')));
  return screen.getAllByTestId('dm-conversation');
}

describe('the Messages view, translated', () => {
  it('is in German', async () => {
    useLocale('de');
    const [carol, bob] = (await openInbox()) as [HTMLElement, HTMLElement];
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Nachrichten');
    expect(screen.getByRole('button', { name: 'Zurück zum Raum' }).textContent).toBe('‹ Zurück');
    expect(screen.getByRole('list', { name: 'Private Unterhaltungen, neueste zuerst' })).toBeTruthy();
    expect(carol.textContent).toContain('2 ungelesen');
    expect(carol.textContent).toContain('Begonnen auf Sea otters, a field guide');
    expect(bob.textContent).toContain('Du: see you');
  });

  it('is in Arabic, the names and lines isolated in the right-to-left sentence', async () => {
    useLocale('ar');
    const [carol, bob] = (await openInbox()) as [HTMLElement, HTMLElement];
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('الرسائل');
    expect(screen.getByRole('button', { name: 'العودة إلى الغرفة' }).textContent).toBe('‹ رجوع');
    expect(carol.textContent).toContain('بدأت في Sea otters, a field guide');
    expect(bob.querySelector('.conversation-last')?.innerHTML).toBe('أنت: <bdi>see you</bdi>');
  });
});

describe('a private conversation, translated', () => {
  async function openBob(): Promise<void> {
    const { hub } = await renderInRoom();
    const bob = screen.getAllByTestId('member').find((element) => element.dataset.userId === BOB.id);
    await acting(() => fireEvent.click(bob as HTMLElement));
    await acting(() => hub.push('presence:update', { room: PAGE_ROOM, left: BOB.id, memberCount: 1 }));
  }

  it('is in German', async () => {
    useLocale('de');
    await openBob();
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Privat mit Bob');
    expect(screen.getByTestId('dm-notice').textContent).toBe('Bob hat diese Seite verlassen');
    expect(screen.getByRole('textbox', { name: 'Bob privat schreiben' })).toBeTruthy();
  });

  it('is in Arabic, the name inside the sentence', async () => {
    useLocale('ar');
    await openBob();
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('محادثة خاصة مع Bob');
    expect(screen.getByTestId('dm-notice').textContent).toBe('غادر Bob هذه الصفحة');
    expect(screen.getByRole('textbox', { name: 'مراسلة Bob على انفراد' })).toBeTruthy();
  });
});

describe('the room notices, translated', () => {
  it('say the room mode, a newcomer’s limits and a delivery in German', () => {
    useLocale('de');
    render(<RoomModeNotice mode={{ readOnly: false, slowModeSeconds: 10, auto: true }} />);
    expect(screen.getByTestId('room-mode').textContent).toBe(
      'Langsamer Modus: eine Nachricht alle 10 s, eingeschaltet, weil im Raum viel los ist',
    );
    render(<NewcomerNotice notice={{ leftMs: 9 * 60_000, messagesPerMinute: 1 }} />);
    expect(screen.getByTestId('newcomer-notice').textContent).toBe(
      'Du bist neu hier: Noch 9 Minuten lang kannst du 1 Nachricht pro Minute senden, und Links werden zurückgehalten.',
    );
    render(<DeliveryMark state="waiting" peerName="Bob" />);
    expect(screen.getByTestId('message-delivery').title).toBe('Wartet, bis Bob online ist');
  });

  it('count reactions in every Arabic plural form', () => {
    useLocale('ar');
    render(
      <ReactionChips
        reactions={[
          { emoji: '👍', count: 1, mine: true },
          { emoji: '🎉', count: 2, mine: false },
          { emoji: '❤️', count: 3, mine: true },
          { emoji: '😂', count: 11, mine: false },
        ]}
      />,
    );
    expect(screen.getByRole('group', { name: 'التفاعلات' })).toBeTruthy();
    expect(screen.getAllByTestId('reaction').map((chip) => chip.getAttribute('aria-label'))).toEqual([
      '👍 تفاعل واحد، وهو تفاعلك',
      '🎉 تفاعلان',
      '❤️ 3 تفاعلات، منها تفاعلك',
      '😂 11 تفاعلًا',
    ]);
  });

  it('put waits and counts in the plural each language uses', () => {
    expect([1, 21].map((n) => plural('compose_chars_left', n))).toEqual(['1 character left', '21 characters left']);
    expect(plural('compose_chars_over', 0)).toBe('0 characters too many');
    useLocale('de');
    expect([1_000, 40_000, 60_000].map(longWait)).toEqual(['1 Sekunde', '40 Sekunden', '1 Minute']);
    useLocale('ar');
    expect([1_000, 2_000, 3_000, 11_000].map(longWait)).toEqual(['ثانية واحدة', 'ثانيتان', '3 ثوانٍ', '11 ثانية']);
    expect([8_000, 4 * 60_000].map(shortWait)).toEqual(['8 ث', '4 د']);
  });
});
