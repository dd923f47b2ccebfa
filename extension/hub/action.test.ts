import { afterEach, beforeEach, expect, it, vi, type MockInstance } from 'vitest';
import { browser, type Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing';
import { onActionClicked, openPanel } from './action.ts';

// The promise forms only: the typings' callback overloads do not fit a mock.
type Call = (...args: unknown[]) => Promise<unknown>;
const api = browser as unknown as {
  tabs: { sendMessage: Call };
  scripting: { executeScript: Call };
  windows: { create: Call; update: Call };
};

const refused = new Error('Cannot access contents of the page.');
const page = { id: 7, url: 'https://example.com/a', active: true } as Browser.tabs.Tab;

let sendMessage: MockInstance<Call>;
let executeScript: MockInstance<Call>;
let createWindow: MockInstance<Call>;
let updateWindow: MockInstance<Call>;

beforeEach(() => {
  vi.useFakeTimers();
  // No content script in the tab yet: the toggle finds nobody.
  sendMessage = vi.spyOn(api.tabs, 'sendMessage').mockRejectedValue(new Error('Receiving end does not exist.'));
  executeScript = vi.spyOn(api.scripting, 'executeScript');
  createWindow = vi.spyOn(api.windows, 'create').mockResolvedValue({ id: 90 });
  updateWindow = vi.spyOn(api.windows, 'update').mockResolvedValue({});
  fakeBrowser.reset();
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

it('injects the panel when the first injection is refused because the grant has not arrived yet', async () => {
  executeScript.mockRejectedValueOnce(refused).mockRejectedValueOnce(refused).mockResolvedValue([]);
  const click = onActionClicked(page);
  await vi.runAllTimersAsync();
  await click;
  expect(executeScript).toHaveBeenCalledTimes(3);
  expect(executeScript).toHaveBeenLastCalledWith({ target: { tabId: 7 }, files: ['/content-scripts/content.js'] });
  expect(createWindow).not.toHaveBeenCalled();
});

it('opens the pop-out when the page keeps refusing injection', async () => {
  executeScript.mockRejectedValue(refused);
  const click = onActionClicked(page);
  await vi.runAllTimersAsync();
  await click;
  expect(executeScript).toHaveBeenCalledTimes(5);
  expect(createWindow).toHaveBeenCalledOnce();
  expect(createWindow.mock.calls[0]?.[0]).toMatchObject({
    url: expect.stringContaining('panel.html?url=https%3A%2F%2Fexample.com%2Fa'),
  });
});

it('opens the pop-out at once for a page that is not http(s)', async () => {
  await onActionClicked({ ...page, url: 'chrome://extensions/' });
  expect(executeScript).not.toHaveBeenCalled();
  expect(createWindow).toHaveBeenCalledOnce();
});

it('toggles the panel of a page that already has it, without injecting again', async () => {
  sendMessage.mockResolvedValue({ open: false });
  await onActionClicked(page);
  expect(sendMessage).toHaveBeenCalledWith(7, { type: 'panel:toggle' });
  expect(executeScript).not.toHaveBeenCalled();
  expect(createWindow).not.toHaveBeenCalled();
});

it('opens the panel of a page that has the script without toggling it, and injects it otherwise', async () => {
  sendMessage.mockResolvedValueOnce({ open: true });
  expect(await openPanel(page)).toBe(true);
  expect(sendMessage).toHaveBeenCalledWith(7, { type: 'panel:open' });
  expect(executeScript).not.toHaveBeenCalled();

  executeScript.mockResolvedValue([]);
  expect(await openPanel(page)).toBe(true);
  expect(executeScript).toHaveBeenCalledOnce();
  expect(await openPanel({ ...page, url: 'chrome://extensions/' })).toBe(false);
  expect(createWindow).toHaveBeenCalledOnce();
});

it('brings the pop-out of a non-web tab forward on the next clicks instead of opening more windows', async () => {
  const settings = { ...page, url: 'chrome://settings/' };
  await onActionClicked(settings);
  await onActionClicked(settings);
  await onActionClicked(settings);
  expect(createWindow).toHaveBeenCalledOnce();
  expect(updateWindow).toHaveBeenCalledTimes(2);
  expect(updateWindow).toHaveBeenLastCalledWith(90, { focused: true });
});

it('opens another pop-out when the first was closed, or when the tab is on another page now', async () => {
  const settings = { ...page, url: 'chrome://settings/' };
  await onActionClicked(settings);
  updateWindow.mockRejectedValueOnce(new Error('No window with id: 90.'));
  createWindow.mockResolvedValueOnce({ id: 91 });
  await onActionClicked(settings);
  expect(createWindow).toHaveBeenCalledTimes(2);
  createWindow.mockResolvedValueOnce({ id: 92 });
  await onActionClicked({ ...settings, url: 'chrome://history/' });
  expect(createWindow).toHaveBeenCalledTimes(3);
  await onActionClicked({ ...settings, url: 'chrome://history/' });
  expect(updateWindow).toHaveBeenLastCalledWith(92, { focused: true });
  // Another tab's click opens its own window.
  await onActionClicked({ ...settings, id: 8 });
  expect(createWindow).toHaveBeenCalledTimes(4);
});
