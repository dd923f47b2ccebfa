/**
 * An in-memory panel for hub tests (the fake browser has no runtime.connect): the hub sees a
 * PanelLink, the test sees what a panel would receive and can send what a panel would send.
 */
import type { PanelLink } from '../hub/panel-link.ts';
import type { PanelView } from '../lib/domain.ts';
import type { HubPushes, HubToPanel, PanelRequests, PanelRequestType, PanelToHub } from '../messaging/panel-hub.ts';

export interface TestPanel {
  link: PanelLink;
  received: HubToPanel[];
  request<T extends PanelRequestType>(
    type: T,
    payload: PanelRequests[T]['payload'],
  ): Promise<PanelRequests[T]['answer']>;
  typing(payload: { room: string; to?: string }): void;
  /** Says what this panel shows now (`view:state`). */
  view(view: PanelView): void;
  pushes<T extends keyof HubPushes>(type: T): Array<HubPushes[T]>;
  /** Waits for a push of `type` that `match`es (including one already received). */
  waitFor<T extends keyof HubPushes>(
    type: T,
    match?: (payload: HubPushes[T]) => boolean,
    timeoutMs?: number,
  ): Promise<HubPushes[T]>;
  disconnect(): void;
}

export function createTestPanel(tabId?: number): TestPanel {
  const received: HubToPanel[] = [];
  const messageListeners: Array<(message: PanelToHub) => void> = [];
  const disconnectListeners: Array<() => void> = [];
  const observers = new Set<() => void>();
  let nextId = 1;

  const link: PanelLink = {
    tabId,
    send(message) {
      received.push(structuredClone(message));
      for (const observe of observers) observe();
    },
    onMessage: (listener) => void messageListeners.push(listener),
    onDisconnect: (listener) => void disconnectListeners.push(listener),
  };

  const pushes = <T extends keyof HubPushes>(type: T): Array<HubPushes[T]> =>
    received.flatMap((message) =>
      message.kind === 'push' && message.type === type ? [message.payload as HubPushes[T]] : [],
    );

  function until<R>(probe: () => R | undefined, timeoutMs: number, what: string): Promise<R> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = probe();
        if (found === undefined) return;
        observers.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        observers.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      observers.add(check);
      check();
    });
  }

  return {
    link,
    received,
    request(type, payload) {
      const id = nextId++;
      for (const listener of messageListeners) listener({ kind: 'request', id, type, payload } as PanelToHub);
      return until(
        () => {
          const answer = received.find((message) => message.kind === 'answer' && message.id === id);
          return answer?.kind === 'answer' ? (answer.answer as PanelRequests[typeof type]['answer']) : undefined;
        },
        5000,
        `the answer to ${type}`,
      );
    },
    typing(payload) {
      for (const listener of messageListeners) listener({ kind: 'signal', type: 'typing', payload });
    },
    view(view) {
      for (const listener of messageListeners) listener({ kind: 'signal', type: 'view:state', payload: view });
    },
    pushes,
    waitFor(type, match = () => true, timeoutMs = 5000) {
      return until(() => pushes(type).find(match), timeoutMs, `a ${type} push`);
    },
    disconnect() {
      for (const listener of disconnectListeners) listener();
    },
  };
}
