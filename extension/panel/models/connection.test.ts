import { expect, it } from 'vitest';
import { setupPanel } from '../testing/panel-setup.ts';

it('follows the hub connection state and asks the hub to retry', () => {
  const { hub, models } = setupPanel();
  expect(models.connection.state.value).toEqual({ status: 'connecting' });
  hub.push('connection:state', { status: 'offline', reason: 'server refused: unsupported_version' });
  expect(models.connection.state.value).toEqual({ status: 'offline', reason: 'server refused: unsupported_version' });
  models.connection.retry();
  expect(hub.next('connection:retry').payload).toEqual({});
});
