import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { runtimePortOpener } from './runtime-port.ts';

/** A runtime.Port as far as the adapter uses it. */
function fakePort(postMessage: (message: unknown) => void = () => {}) {
  const disconnects: (() => void)[] = [];
  const port = {
    postMessage,
    disconnect: vi.fn(),
    onMessage: { addListener: vi.fn() },
    onDisconnect: { addListener: (listener: () => void) => disconnects.push(listener) },
  };
  return { port: port as unknown as Browser.runtime.Port, drop: () => disconnects.forEach((listener) => listener()) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('runtimePortOpener', () => {
  it('swallows a post to a Port that has just died', () => {
    const { port } = fakePort(() => {
      throw new Error('Attempting to use a disconnected port object');
    });
    const open = runtimePortOpener(() => port);
    expect(() =>
      open().postMessage({ kind: 'signal', type: 'typing', payload: { room: 'a'.repeat(64) } }),
    ).not.toThrow();
  });

  it('reconnects at once after a long-lived Port, and waits longer after each Port refused at once', () => {
    vi.useFakeTimers();
    const ports = [fakePort(), fakePort(), fakePort()];
    let opened = 0;
    const open = runtimePortOpener(() => ports[opened++]?.port as Browser.runtime.Port);
    const reconnect = vi.fn();

    open().onDisconnect(reconnect);
    vi.advanceTimersByTime(5000);
    ports[0]?.drop();
    vi.advanceTimersByTime(0);
    expect(reconnect).toHaveBeenCalledTimes(1);

    open().onDisconnect(reconnect);
    ports[1]?.drop();
    vi.advanceTimersByTime(249);
    expect(reconnect).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(reconnect).toHaveBeenCalledTimes(2);

    open().onDisconnect(reconnect);
    ports[2]?.drop();
    vi.advanceTimersByTime(499);
    expect(reconnect).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1);
    expect(reconnect).toHaveBeenCalledTimes(3);
  });
});
