/** The relay server address a person may set on the options page. */

const SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:']);

/** Why the address cannot be used, or null when it can. Checks the trimmed input. */
export function serverUrlProblem(input: string): string | null {
  const value = input.trim();
  if (!URL.canParse(value)) return 'Enter a full address, such as https://chat.example.com';
  const url = new URL(value);
  if (!SCHEMES.has(url.protocol)) return 'The address must start with http://, https://, ws:// or wss://';
  if (url.username || url.password) return 'The address must not contain a user name or password';
  return null;
}
