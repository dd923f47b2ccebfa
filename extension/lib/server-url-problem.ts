/**
 * The relay server address a person may set on the options page. The identity token goes to
 * that relay with every connection, so an address without TLS is taken only on this machine
 * (loopback), where nobody on the path can read it (issue #15).
 */
import { t } from './i18n.ts';

const SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:']);
const PLAIN = new Set(['http:', 'ws:']);

/** `localhost`, `127.0.0.0/8` and `[::1]`: addresses that never leave this machine. */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** Why the address cannot be used, or null when it can. Checks the trimmed input. */
export function serverUrlProblem(input: string): string | null {
  const value = input.trim();
  if (!URL.canParse(value)) return t('model_url_not_full');
  const url = new URL(value);
  if (!SCHEMES.has(url.protocol)) return t('model_url_scheme');
  if (url.username || url.password) return t('model_url_credentials');
  if (PLAIN.has(url.protocol) && !isLoopback(url.hostname)) return t('model_url_plain');
  return null;
}
