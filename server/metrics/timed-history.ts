/**
 * The history store with its appends timed: the one write every message makes, so its time is
 * the store latency a sender waits for (on SQLite, the transaction's commit). Wrapped here
 * rather than inside each store, so the stores stay free of metrics.
 */
import type { HistoryStore } from '../stores/types.ts';

export function timedHistory(history: HistoryStore, start: () => () => void): HistoryStore {
  return new Proxy(history, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      // The stores keep private fields, which only their own instance may read: bind to it.
      if (key !== 'append') return value.bind(target);
      return async (...args: unknown[]) => {
        const done = start();
        try {
          return await value.apply(target, args);
        } finally {
          done();
        }
      };
    },
  });
}
