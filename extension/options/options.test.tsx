import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { createOptionsModel } from './options-model.ts';
import { OptionsForm } from './OptionsForm.tsx';

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
