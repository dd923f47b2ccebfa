/**
 * The outbox's entries in `storage.session`: it outlives a stopped service worker (Chrome
 * stops idle workers at will) but not the browser session, which is as long as a pending
 * send is worth keeping. One key holds them all, in creation order, which is the order of
 * each conversation's queue that a new worker rebuilds; a send is small and few are pending at once.
 */
import { browser } from 'wxt/browser';
import type { PendingSend } from '../lib/domain.ts';
import type { OutboxStore } from './outbox.ts';

const KEY = 'outbox';

const isString = (value: unknown): value is string => typeof value === 'string';

// Storage outlives versions of the extension: an entry of another shape is dropped, not sent.
function isPendingSend(value: unknown): value is PendingSend {
  const send = value as Partial<PendingSend> | null;
  return (
    typeof send === 'object' &&
    send !== null &&
    isString(send.room) &&
    isString(send.clientId) &&
    isString(send.kind) &&
    typeof send.body === 'object' &&
    send.body !== null &&
    (send.to === undefined || isString(send.to)) &&
    typeof send.since === 'number'
  );
}

export const sessionOutboxStore: OutboxStore = {
  async load() {
    const { [KEY]: stored } = await browser.storage.session.get(KEY);
    return Array.isArray(stored) ? stored.filter(isPendingSend) : [];
  },
  save: (sends) =>
    sends.length > 0 ? browser.storage.session.set({ [KEY]: sends }) : browser.storage.session.remove(KEY),
};
