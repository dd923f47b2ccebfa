import { describe, expect, it, vi } from 'vitest';
import { roomKeyOf } from '../../../protocol/room-key.ts';
import { settle } from '../testing/fake-hub.ts';
import { pageContext } from '../testing/fixtures.ts';
import { setupPanel } from '../testing/panel-setup.ts';

describe('injected panel', () => {
  it('takes its page from the hub, again after a navigation', () => {
    const { hub, models } = setupPanel();
    expect(models.page.mode).toBe('injected');
    expect(models.page.context.value).toBeNull();
    hub.push('page:context', pageContext());
    expect(models.page.context.value).toEqual(pageContext());
    hub.push('page:context', { status: 'opted_out', title: 'Private' });
    expect(models.page.context.value).toEqual({ status: 'opted_out', title: 'Private' });
  });

  it("pops out with the page's URL, then collapses, and asks the hub to close it", async () => {
    const { hub, models, openPopOut } = setupPanel();
    hub.push('page:context', pageContext());
    models.page.popOut();
    expect(openPopOut).toHaveBeenCalledWith('https://example.com/otters', 'A page about otters');
    // Collapsed only once the pop-out is there: a refused pop-out leaves the panel in view.
    expect(() => hub.next('panel:collapse')).toThrow();
    await settle();
    expect(hub.next('panel:collapse').payload).toEqual({});
    models.page.close();
    expect(hub.next('panel:close').payload).toEqual({});
  });

  it('collapses through the hub', () => {
    const { hub, models } = setupPanel();
    models.page.collapse();
    expect(hub.next('panel:collapse').payload).toEqual({});
  });
});

describe('popped-out panel', () => {
  it('computes its own page and ignores page pushes', async () => {
    const { hub, models } = setupPanel('https://www.example.com/otters/#top');
    expect(models.page.mode).toBe('popout');
    hub.push('page:context', { status: 'opted_out', title: 'Another tab' });
    await vi.waitFor(() => expect(models.page.context.value).not.toBeNull());
    const context = models.page.context.value;
    expect(context).toMatchObject({ status: 'ok', title: 'https://www.example.com/otters/#top' });
    expect(context?.status === 'ok' && context.page.key).toBe(await roomKeyOf('https://example.com/otters'));
    expect(hub.next('room:watch').payload).toEqual({ room: await roomKeyOf('https://example.com/otters') });
  });

  it('shows the title its opener gave', async () => {
    const { models } = setupPanel('https://www.example.com/otters/', 'Otters, a field guide');
    await vi.waitFor(() => expect(models.page.context.value).toMatchObject({ title: 'Otters, a field guide' }));
  });

  it('has no room for a page that is not on the web', async () => {
    const { models } = setupPanel('about:blank');
    await settle();
    expect(models.page.context.value).toEqual({ status: 'no_room', title: 'about:blank' });
  });
});
