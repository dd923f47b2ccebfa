import { expect, it } from 'vitest';
import { CLIENT_ID_PATTERN } from '../../protocol/index.ts';
import { newClientId } from './client-id.ts';

it('makes fresh client ids that fit the contract', () => {
  const ids = new Set(Array.from({ length: 100 }, newClientId));
  expect(ids.size).toBe(100);
  for (const id of ids) expect(id).toMatch(new RegExp(CLIENT_ID_PATTERN));
});
