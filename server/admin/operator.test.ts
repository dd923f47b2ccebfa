import { expect, it } from 'vitest';
import { operatorOf } from './operator.ts';

it('names the operator as they said, trimmed, bounded, without control characters, with the address', () => {
  expect(operatorOf('  Olga ', '198.51.100.4')).toBe('Olga (198.51.100.4)');
  expect(operatorOf(undefined, '198.51.100.4')).toBe('operator (198.51.100.4)');
  expect(operatorOf(' \u0007 ', '198.51.100.4')).toBe('operator (198.51.100.4)');
  expect(operatorOf('Ol\nga\u001b[31m', '::1')).toBe('Olga[31m (::1)');
  expect(operatorOf('x'.repeat(100), '::1')).toBe(`${'x'.repeat(64)} (::1)`);
  expect(operatorOf(['first', 'second'], '::1')).toBe('first (::1)');
});
