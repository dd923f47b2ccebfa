/**
 * The browser's permissions and scripting as "Keep samepage open on this site" meets them,
 * in memory (WXT's fakeBrowser implements neither): a request is answered as the person would
 * (`answer`), an id registered twice or unregistered when absent throws as in Chrome, and a
 * host can be withdrawn behind the extension's back, as Chrome's site access menu does.
 */
import type { KeepOpenApi, RegisteredScript } from '../lib/kept-sites.ts';

export interface KeepOpenBrowser extends KeepOpenApi {
  /** What the person answers to the next requests. */
  answer: boolean;
  readonly granted: Set<string>;
  readonly registered: Map<string, RegisteredScript>;
  /** How many times the person was asked. */
  readonly asked: number;
}

export function keepOpenBrowser(): KeepOpenBrowser {
  const granted = new Set<string>();
  const registered = new Map<string, RegisteredScript>();
  let asked = 0;
  const fake: KeepOpenBrowser = {
    answer: true,
    granted,
    registered,
    get asked() {
      return asked;
    },
    permissions: {
      async request({ origins }) {
        if (origins.every((origin) => granted.has(origin))) return true;
        asked++;
        if (!fake.answer) return false;
        for (const origin of origins) granted.add(origin);
        return true;
      },
      async contains({ origins }) {
        return origins.every((origin) => granted.has(origin));
      },
      async remove({ origins }) {
        for (const origin of origins) granted.delete(origin);
        return true;
      },
      async getAll() {
        return { origins: [...granted] };
      },
    },
    scripting: {
      async registerContentScripts(scripts) {
        for (const script of scripts) {
          if (registered.has(script.id)) throw new Error(`Duplicate script ID '${script.id}'`);
          registered.set(script.id, structuredClone(script));
        }
      },
      async unregisterContentScripts({ ids }) {
        for (const id of ids) if (!registered.has(id)) throw new Error(`Nonexistent script ID '${id}'`);
        for (const id of ids) registered.delete(id);
      },
      async getRegisteredContentScripts(filter) {
        const all = [...registered.values()];
        return filter ? all.filter(({ id }) => filter.ids.includes(id)) : all;
      },
    },
  };
  return fake;
}
