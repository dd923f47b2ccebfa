/** Renders the whole panel over a fake hub, as a person (or the end-to-end suite) sees it. */
import { act, cleanup, render } from '@testing-library/preact';
import { afterEach } from 'vitest';
import { App } from '../components/App.tsx';
import { loadLaterViews } from '../components/panel-views.ts';
import { enterRoom, setupPanel, type PanelSetup } from './panel-setup.ts';

// The views the panel loads after its first one (components/lazy.ts) are there from the start here,
// as they are in a panel once its history is painted.
await loadLaterViews();

// Testing Library unmounts after each test by itself only when Vitest's globals are on; they are not.
afterEach(cleanup);

export function renderPanel(popOutUrl: string | null = null): PanelSetup {
  const setup = setupPanel(popOutUrl);
  render(<App models={setup.models} />);
  return setup;
}

/** Runs a push or an answer and lets the panel re-render. */
export function acting(work: () => unknown): Promise<void> {
  return act(async () => {
    await work();
  });
}

/** The panel of Alice on a page with Bob, already in the room. */
export async function renderInRoom(options?: Parameters<typeof enterRoom>[1]): Promise<PanelSetup> {
  const setup = renderPanel();
  await acting(() => enterRoom(setup.hub, options));
  return setup;
}

/**
 * The accessible name of a tagged name, "Sam, #k3f9". jsdom's name computation puts a space
 * between inline elements that browsers join, so this allows one before the comma.
 */
export function tagged(name: string, tag: string): RegExp {
  return new RegExp(`^${name} ?, #${tag}$`);
}
