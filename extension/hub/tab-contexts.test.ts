import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { PageContext } from '../lib/domain.ts';
import { createTabContexts } from './tab-contexts.ts';

const context: PageContext = { status: 'no_room', title: 'Settings' };

describe('tab contexts', () => {
  it('are kept for the next worker, which starts without a copy of its own', async () => {
    await createTabContexts().write(2, context);
    expect(await createTabContexts().read(2)).toEqual(context);
  });

  it("are read from this worker's own copy, not storage, once it has one", async () => {
    const contexts = createTabContexts();
    await contexts.write(2, context);
    await fakeBrowser.storage.session.clear();
    expect(await contexts.read(2)).toEqual(context);
  });

  it('forget a closed tab, in this worker and for the next', async () => {
    const contexts = createTabContexts();
    await contexts.write(2, context);
    await contexts.forget(2);
    expect(await contexts.read(2)).toBeUndefined();
    expect(await createTabContexts().read(2)).toBeUndefined();
  });
});
