/**
 * "Keep samepage open on this site": a site the person chose gets the optional host permission
 * for its hosts and a content script registered for them, the same script the toolbar click
 * injects, so the panel opens again after each full navigation there. The registration is the
 * one record of which sites are kept (no list of our own to drift from it); its id names the
 * site, and the grant of its hosts is what lets it be registered again should the browser drop
 * registrations (restoreKeptSites). Used by the panel (its control), the options page (the
 * list) and the hub (a grant withdrawn in Chrome's own settings; an update of the extension).
 */
import { browser } from 'wxt/browser';

/** The script action.ts injects; registered under the same path. */
export const CONTENT_SCRIPT_FILE = 'content-scripts/content.js';

const ID_PREFIX = 'keep-open:';

/** A site as samepage's site rooms see it: scheme and host, `www.` folded in (protocol/room-key.ts). */
export interface KeptSite {
  /** `https://example.com`: what the person sees, and the registration's name. */
  label: string;
  /** The match patterns asked for and registered: the host and its `www.` twin, on any port. */
  patterns: string[];
}

/** The parts of the browser these functions use, so tests can hand in their own. */
export interface KeepOpenApi {
  permissions: {
    request(permissions: { origins: string[] }): Promise<boolean>;
    contains(permissions: { origins: string[] }): Promise<boolean>;
    remove(permissions: { origins: string[] }): Promise<boolean>;
    getAll(): Promise<{ origins?: string[] }>;
  };
  scripting: {
    registerContentScripts(scripts: RegisteredScript[]): Promise<void>;
    unregisterContentScripts(filter: { ids: string[] }): Promise<void>;
    getRegisteredContentScripts(filter?: { ids: string[] }): Promise<Array<{ id: string }>>;
  };
}

export interface RegisteredScript {
  id: string;
  matches: string[];
  js: string[];
  runAt: 'document_idle';
  persistAcrossSessions: boolean;
}

export const browserKeepOpenApi = (): KeepOpenApi => browser as unknown as KeepOpenApi;

const IP_OR_LOCAL = /^(\d+\.){3}\d+$|^\[|^[^.]+$/;

/** The site of a page or site URL (http or https), or null for any other. */
export function siteOf(url: string): KeptSite | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const host = parsed.hostname.replace(/^www\./, '');
  const hosts = IP_OR_LOCAL.test(host) ? [host] : [host, `www.${host}`];
  return {
    label: `${parsed.protocol}//${host}`,
    patterns: hosts.map((name) => `${parsed.protocol}//${name}/*`),
  };
}

const idOf = (site: KeptSite): string => ID_PREFIX + site.label;

export async function isKept(site: KeptSite, api = browserKeepOpenApi()): Promise<boolean> {
  const [registered, granted] = await Promise.all([
    api.scripting.getRegisteredContentScripts({ ids: [idOf(site)] }),
    api.permissions.contains({ origins: site.patterns }),
  ]);
  return registered.length > 0 && granted;
}

/**
 * Asks for the site's hosts and registers the script there. Call it first thing in the click
 * handler: Chrome grants the request only during the person's gesture. False when refused.
 */
export async function keepOpen(site: KeptSite, api = browserKeepOpenApi()): Promise<boolean> {
  if (!(await api.permissions.request({ origins: site.patterns }))) return false;
  await register(site, api);
  return true;
}

async function register(site: KeptSite, api: KeepOpenApi): Promise<void> {
  const id = idOf(site);
  // Registering an id twice throws; a stale one (its grant was withdrawn) is replaced.
  if ((await api.scripting.getRegisteredContentScripts({ ids: [id] })).length > 0) {
    await api.scripting.unregisterContentScripts({ ids: [id] });
  }
  await api.scripting.registerContentScripts([
    { id, matches: site.patterns, js: [CONTENT_SCRIPT_FILE], runAt: 'document_idle', persistAcrossSessions: true },
  ]);
}

/** Unregisters the site's script and gives its hosts back. */
export async function stopKeeping(site: KeptSite, api = browserKeepOpenApi()): Promise<void> {
  const id = idOf(site);
  if ((await api.scripting.getRegisteredContentScripts({ ids: [id] })).length > 0) {
    await api.scripting.unregisterContentScripts({ ids: [id] });
  }
  try {
    await api.permissions.remove({ origins: site.patterns });
  } catch {
    // A host the manifest requires cannot be given back; the script is gone all the same.
  }
}

/** The kept sites, from their registrations. */
export async function keptSites(api = browserKeepOpenApi()): Promise<KeptSite[]> {
  const registered = await api.scripting.getRegisteredContentScripts();
  return registered.flatMap(({ id }) => {
    const site = id.startsWith(ID_PREFIX) ? siteOf(id.slice(ID_PREFIX.length)) : null;
    return site ? [site] : [];
  });
}

/**
 * After hosts were withdrawn outside samepage (Chrome's site access menu or settings): the
 * sites no longer fully granted stop being kept, so the list never shows a site that no longer
 * opens the panel.
 */
export async function forgetWithdrawn(api = browserKeepOpenApi()): Promise<void> {
  for (const site of await keptSites(api)) {
    if (!(await api.permissions.contains({ origins: site.patterns }))) {
      await api.scripting.unregisterContentScripts({ ids: [idOf(site)] });
    }
  }
}

/**
 * Registers again every site whose hosts are granted but whose script is missing: Firefox
 * clears registered scripts when the extension updates, and a browser may drop them on its own
 * terms. Only samepage asks for hosts, and only for this, so a grant means a kept site.
 */
export async function restoreKeptSites(api = browserKeepOpenApi()): Promise<void> {
  const { origins = [] } = await api.permissions.getAll();
  const sites = new Map<string, KeptSite>();
  for (const origin of origins) {
    const site = siteOf(origin.replace(/\/\*$/, '/'));
    if (site && site.patterns.every((pattern) => origins.includes(pattern))) sites.set(site.label, site);
  }
  const registered = new Set((await api.scripting.getRegisteredContentScripts()).map(({ id }) => id));
  for (const site of sites.values()) if (!registered.has(idOf(site))) await register(site, api);
}
