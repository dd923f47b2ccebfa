/**
 * An in-memory hub for tests: it records what the panel asks and signals, and lets the test
 * answer each request and push events as the real hub would. It keeps the HubClient's
 * contract (listeners per push type, onReconnect, requests answered once).
 */
import { createHubListeners } from '../hub-listeners.ts';
import type { HubPushes, PanelRequests, PanelRequestType, PanelSignals } from '../../messaging/panel-hub.ts';
import type { HubClient } from '../hub-client.ts';

export interface RecordedRequest<T extends PanelRequestType = PanelRequestType> {
  type: T;
  payload: PanelRequests[T]['payload'];
  answered: boolean;
  /** Resolves the request, then lets the panel's awaiting code run. */
  answer(answer: PanelRequests[T]['answer']): Promise<void>;
}

export interface FakeHub extends HubClient {
  readonly requests: readonly RecordedRequest[];
  readonly signals: readonly { type: keyof PanelSignals; payload: PanelSignals[keyof PanelSignals] }[];
  /** Every request of this type, oldest first. */
  requestsOf<T extends PanelRequestType>(type: T): RecordedRequest<T>[];
  /** The oldest unanswered request of this type; throws when there is none. */
  next<T extends PanelRequestType>(type: T): RecordedRequest<T>;
  push<T extends keyof HubPushes>(type: T, payload: HubPushes[T]): void;
  /** What HubClient does after its Port came back. */
  reconnect(): void;
}

/** Lets promise callbacks queued by an answer or a push run before the test goes on. */
export async function settle(): Promise<void> {
  for (let turn = 0; turn < 10; turn++) await Promise.resolve();
}

export function createFakeHub(): FakeHub {
  const requests: RecordedRequest[] = [];
  const signals: { type: keyof PanelSignals; payload: PanelSignals[keyof PanelSignals] }[] = [];
  const listeners = createHubListeners();

  function requestsOf<T extends PanelRequestType>(type: T): RecordedRequest<T>[] {
    return requests.filter((request): request is RecordedRequest<T> => request.type === type);
  }

  return {
    requests,
    signals,
    request(type, payload) {
      return new Promise((resolve) => {
        const recorded: RecordedRequest<typeof type> = {
          type,
          payload,
          answered: false,
          async answer(answer) {
            if (recorded.answered) throw new Error(`${type} was already answered`);
            recorded.answered = true;
            resolve(answer);
            await settle();
          },
        };
        requests.push(recorded as unknown as RecordedRequest);
      });
    },
    signal(type, payload) {
      signals.push({ type, payload });
    },
    on: listeners.on,
    onReconnect: listeners.onReconnect,
    dispose() {},
    requestsOf,
    next(type) {
      const found = requestsOf(type).find((request) => !request.answered);
      if (!found) throw new Error(`no unanswered ${type} request`);
      return found;
    },
    push: listeners.deliver,
    reconnect: listeners.reconnected,
  };
}
