/**
 * Where the install keys live: the extension's IndexedDB, which keeps a CryptoKey as it is
 * (structured clone) without its bytes ever passing through script. storage.local cannot hold
 * one, and anything it holds can be read back by any extension page.
 */
import { isInstallKeys, type InstallKeys } from '../lib/install-keys.ts';

export interface KeyVault {
  read(): Promise<InstallKeys | undefined>;
  write(keys: InstallKeys): Promise<void>;
}

const DATABASE = 'samepage-keys';
const STORE = 'keys';
const ENTRY = 'install';

function settled<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function open(factory: IDBFactory): Promise<IDBDatabase> {
  const request = factory.open(DATABASE, 1);
  request.onupgradeneeded = () => request.result.createObjectStore(STORE);
  return settled(request);
}

/** Resolves once the transaction is committed, so a key said to be kept survives the worker. */
function committed(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = transaction.onabort = () =>
      reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export function indexedDbVault(factory: () => IDBFactory = () => indexedDB): KeyVault {
  async function withStore<T>(mode: IDBTransactionMode, use: (store: IDBObjectStore) => Promise<T>): Promise<T> {
    const database = await open(factory());
    try {
      const transaction = database.transaction(STORE, mode);
      const [result] = await Promise.all([use(transaction.objectStore(STORE)), committed(transaction)]);
      return result;
    } finally {
      database.close();
    }
  }

  return {
    read: () =>
      withStore('readonly', async (store) => {
        const value: unknown = await settled(store.get(ENTRY));
        if (value === undefined) return undefined;
        if (!isInstallKeys(value)) throw new Error('the install keys kept in IndexedDB are not a pair of install keys');
        return value;
      }),
    write: (keys) => withStore('readwrite', async (store) => void (await settled(store.put(keys, ENTRY)))),
  };
}
