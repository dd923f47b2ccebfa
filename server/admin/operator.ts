/**
 * Who did an operator action, for the audit log. The token is one shared secret, so the name
 * is what the caller says it is (`X-Operator`), bounded and stripped of control characters,
 * with the address the call came from, which it cannot choose.
 */
const NAME_MAX = 64;

export function operatorOf(header: string | string[] | undefined, address: string): string {
  const said = (Array.isArray(header) ? header[0] : header) ?? '';
  // eslint-disable-next-line no-control-regex
  const name = [...said.replace(/[\u0000-\u001f\u007f]/g, '').trim()].slice(0, NAME_MAX).join('').trim();
  return `${name === '' ? 'operator' : name} (${address})`;
}
