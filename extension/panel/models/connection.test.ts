import { expect, it, vi } from 'vitest';
import { setupPanel } from '../testing/panel-setup.ts';

it('follows the hub connection state and asks the hub to retry', () => {
  const { hub, models } = setupPanel();
  expect(models.connection.state.value).toEqual({ status: 'connecting' });
  hub.push('connection:state', { status: 'offline', reason: 'server refused: unsupported_version' });
  expect(models.connection.state.value).toEqual({ status: 'offline', reason: 'server refused: unsupported_version' });
  models.connection.retry();
  expect(hub.next('connection:retry').payload).toEqual({});
});

it('shows reconnecting, not connecting, when a panel that was connected loses its Port', () => {
  const { hub, models } = setupPanel();
  hub.push('connection:state', { status: 'connected' });
  // Chrome stopped the service worker: the Port comes back to a fresh hub, which starts over.
  hub.reconnect();
  expect(models.connection.state.value).toEqual({ status: 'reconnecting', attempt: 0 });
  hub.push('connection:state', { status: 'connecting' });
  expect(models.connection.state.value).toEqual({ status: 'reconnecting', attempt: 0 });
  hub.push('connection:state', { status: 'connected' });
  expect(models.connection.state.value).toEqual({ status: 'connected' });
});

it('shows reconnecting when the hub opens a new socket after a connected one', () => {
  const { hub, models } = setupPanel();
  hub.push('connection:state', { status: 'connected' });
  hub.push('connection:state', { status: 'connecting' });
  expect(models.connection.state.value).toEqual({ status: 'reconnecting', attempt: 0 });
  hub.push('connection:state', { status: 'reconnecting', attempt: 3 });
  expect(models.connection.state.value).toEqual({ status: 'reconnecting', attempt: 3 });
  hub.push('connection:state', { status: 'offline', reason: 'the server cannot be reached' });
  expect(models.connection.state.value).toEqual({ status: 'offline', reason: 'the server cannot be reached' });
});

it('says connecting until it has been connected once, even across a Port drop', () => {
  const { hub, models } = setupPanel();
  hub.reconnect();
  hub.push('connection:state', { status: 'connecting' });
  expect(models.connection.state.value).toEqual({ status: 'connecting' });
});

it('counts down the wait of a connection the relay refused for a budget', () => {
  vi.useFakeTimers({ now: 0 });
  try {
    const { hub, models } = setupPanel();
    hub.push('connection:state', {
      status: 'offline',
      reason: 'Too many new visitors from your network; try again in 4 min',
      limited: {
        error: { code: 'rate_limited', message: 'x', retryAfterMs: 240_000, limit: 'new_identities_per_address' },
        retryAt: 240_000,
      },
    });
    expect(models.connection.reason.value).toBe('Too many new visitors from your network; try again in 4 min');
    vi.advanceTimersByTime(200_000);
    expect(models.connection.reason.value).toBe('Too many new visitors from your network; try again in 40 s');
    hub.push('connection:state', { status: 'connecting' });
    expect(models.connection.reason.value).toBeNull();
  } finally {
    vi.useRealTimers();
  }
});

it('knows which relay the hub talks to, and follows a change of address', () => {
  const { hub, models } = setupPanel();
  expect(models.connection.relayHost.value).toBeNull();
  hub.push('relay:host', { host: 'localhost:3000' });
  expect(models.connection.relayHost.value).toBe('localhost:3000');
  hub.push('relay:host', { host: 'relay.samepage.chat' });
  expect(models.connection.relayHost.value).toBe('relay.samepage.chat');
});
