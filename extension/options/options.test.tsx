import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import type { NotificationsPermission } from '../lib/notifications-permission.ts';
import { createOptionsModel } from './options-model.ts';
import { OptionsForm } from './OptionsForm.tsx';
import { useLocale } from '../testing/locale.ts';

afterEach(cleanup);

async function renderOptions() {
  const options = createOptionsModel();
  render(<OptionsForm options={options} defaultServerUrl="https://relay.example" />);
  await act(() => options.load());
  return options;
}

const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement;

describe('options page', () => {
  it('shows the stored name and server, and the build default as the placeholder', async () => {
    await browser.storage.local.set({ profile: { name: 'Otter 1', named: false }, serverUrl: 'wss://mine.example' });
    await renderOptions();
    expect(field('Display name').value).toBe('Otter 1');
    expect(field('Server address').value).toBe('wss://mine.example');
    expect(field('Server address').placeholder).toBe('https://relay.example');
  });

  it('stores a chosen name and server', async () => {
    await renderOptions();
    fireEvent.input(field('Display name'), { target: { value: ' Alice ' } });
    fireEvent.input(field('Server address'), { target: { value: 'https://chat.example.com' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save' }));
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(await browser.storage.local.get(['profile', 'serverUrl'])).toEqual({
      profile: { name: 'Alice', named: true },
      serverUrl: 'https://chat.example.com',
    });
    expect(screen.getByText('Saved.')).toBeTruthy();
  });

  it('goes back to the default server when the address is cleared', async () => {
    await browser.storage.local.set({ profile: { name: 'Alice', named: true }, serverUrl: 'wss://mine.example' });
    const options = await renderOptions();
    options.setServerUrl('  ');
    expect(await options.save()).toBe(true);
    expect(await browser.storage.local.get('serverUrl')).toEqual({});
  });

  it('refuses an address that is not a web or socket URL, and a bad name, storing nothing', async () => {
    await renderOptions();
    fireEvent.input(field('Display name'), { target: { value: '' } });
    fireEvent.input(field('Server address'), { target: { value: 'ftp://example.com' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    });
    expect(screen.getByText("That name can't be used: name is empty")).toBeTruthy();
    expect(screen.getByText('The address must start with http://, https://, ws:// or wss://')).toBeTruthy();
    expect(await browser.storage.local.get(null)).toEqual({});
  });
});

describe('options page, issue #13', () => {
  function fakePermission(granted: boolean) {
    const state = { granted, asked: 0, listeners: [] as Array<() => void> };
    const permission: NotificationsPermission = {
      allowed: async () => state.granted,
      request: async () => {
        state.asked++;
        state.granted = true;
        return true;
      },
      onChange: (listener) => void state.listeners.push(listener),
    };
    return { state, permission };
  }

  async function renderWith(permission: NotificationsPermission) {
    const options = createOptionsModel(permission);
    render(<OptionsForm options={options} defaultServerUrl="https://relay.example" />);
    await act(() => options.load());
    return options;
  }

  const checkbox = (label: string) => screen.getByRole('checkbox', { name: label }) as HTMLInputElement;

  it('is a main landmark, and ties the server address error to its field', async () => {
    await renderWith(fakePermission(false).permission);
    expect(screen.getByRole('main')).toBeTruthy();
    fireEvent.input(field('Server address'), { target: { value: 'ftp://example.com' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    });
    const input = field('Server address');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const described = (input.getAttribute('aria-describedby') ?? '').split(' ');
    expect(described.map((id) => document.getElementById(id)?.textContent)).toContain(
      'The address must start with http://, https://, ws:// or wss://',
    );
  });

  it('stays reachable by default, says what it costs, and stores the switch when flipped', async () => {
    await renderWith(fakePermission(false).permission);
    const stay = checkbox('Stay reachable when no panel is open');
    expect(stay.checked).toBe(true);
    const note = document.getElementById(stay.getAttribute('aria-describedby') ?? '')?.textContent ?? '';
    expect(note).toMatch(/one idle connection/);
    expect(note).toMatch(/No page address is sent/);
    await act(async () => {
      fireEvent.click(stay);
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(await browser.storage.local.get('stayConnected')).toEqual({ stayConnected: false });
  });

  it('asks for the notifications permission only on the click, then lets DM notifications be chosen', async () => {
    const { state, permission } = fakePermission(false);
    await renderWith(permission);
    expect(state.asked).toBe(0);
    expect(screen.getByText(/Notifications are off/)).toBeTruthy();
    expect(checkbox('Notify me of DMs and mentions').disabled).toBe(true);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Allow notifications' }));
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(state.asked).toBe(1);
    expect(screen.getByText('Notifications are allowed in this browser.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Allow notifications' })).toBeNull();
    expect(checkbox('Notify me of DMs and mentions').disabled).toBe(false);
    await act(async () => {
      fireEvent.click(checkbox('Do not disturb'));
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(await browser.storage.local.get('doNotDisturb')).toEqual({ doNotDisturb: true });
  });
});

describe('options of issue #14', () => {
  it('stores who may DM, the request notifications, the word filter and a bounded allow-list', async () => {
    await renderOptions();
    await act(async () => {
      fireEvent.click(screen.getByLabelText('Only people I have written to'));
      fireEvent.click(screen.getByLabelText('Notify me of message requests'));
      fireEvent.click(screen.getByLabelText('Mild: mask matched words (f***)'));
      fireEvent.change(screen.getByLabelText('Always allow'), {
        target: { value: ' Dick Smith \n\nScunthorpe\n' + 'x'.repeat(65) },
      });
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(await browser.storage.local.get(['dmPolicy', 'notifyRequests', 'wordFilter', 'allowWords'])).toEqual({
      dmPolicy: 'replied',
      notifyRequests: true,
      wordFilter: 'mild',
      allowWords: ['Dick Smith', 'Scunthorpe'],
    });
    expect(
      screen.getByText(/The relay refuses other DMs; senders are told only that the message can't be delivered/),
    ).toBeTruthy();
  });

  it('shows what is stored, and the defaults otherwise', async () => {
    await browser.storage.local.set({ dmPolicy: 'nobody', wordFilter: 'strict', allowWords: ['Dick Smith'] });
    await renderOptions();
    expect(field('Nobody').checked).toBe(true);
    expect(field('Strict: hide messages with a matched word').checked).toBe(true);
    expect((screen.getByLabelText('Always allow') as HTMLTextAreaElement).value).toBe('Dick Smith');
    expect(field('Notify me of message requests').checked).toBe(false);
  });

  it('links to the privacy page, opened in a new tab', async () => {
    await renderOptions();
    const link = screen.getByTestId('privacy-link');
    const url = browser.runtime.getURL('/privacy.html');
    expect(link.getAttribute('href')).toBe(url);
    await act(async () => {
      fireEvent.click(link);
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect((await browser.tabs.query({})).map((tab) => tab.url)).toContain(url);
  });
});

describe('options page in another language', () => {
  afterEach(() => useLocale());

  it('shows the kept sites in German', async () => {
    useLocale('de');
    await renderOptions();
    expect(await screen.findByText('Seiten, auf denen sich samepage von selbst öffnet')).toBeTruthy();
  });

  it('labels the fields, switches and choices in German, and says why a name is refused', async () => {
    useLocale('de');
    await renderOptions();
    expect(field('Anzeigename')).toBeTruthy();
    expect(field('Serveradresse').placeholder).toBe('https://relay.example');
    expect(screen.getByText(/^Leer lassen, um den Server zu nutzen.*\(https:\/\/relay\.example\)\.$/)).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'Nicht stören' })).toBeTruthy();
    expect(screen.getByRole('radio', { name: 'Nur Personen, denen ich geschrieben habe' })).toBeTruthy();
    expect(screen.getByTestId('privacy-link').textContent).toBe('Datenschutz: was das Relay sehen kann und was nicht');
    expect(screen.getByText(/bis zu 200 Zeilen mit je 64 Zeichen/)).toBeTruthy();
    fireEvent.input(field('Anzeigename'), { target: { value: 'x'.repeat(40) } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Speichern' }));
    });
    expect(screen.getByText('Dieser Name geht nicht: Er ist länger als 32 Zeichen')).toBeTruthy();
  });

  it('shows the page in Arabic', async () => {
    useLocale('ar');
    await renderOptions();
    expect(field('الاسم المعروض')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'الإشعارات' })).toBeTruthy();
    expect(
      (screen.getByRole('checkbox', { name: 'البقاء متاحًا حين لا تكون أي لوحة مفتوحة' }) as HTMLInputElement).checked,
    ).toBe(true);
    expect(screen.getByRole('radio', { name: 'لا أحد' })).toBeTruthy();
    fireEvent.input(field('الاسم المعروض'), { target: { value: '  ' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'حفظ' }));
    });
    expect(screen.getByText('لا يمكن استخدام هذا الاسم: الاسم فارغ')).toBeTruthy();
  });
});
