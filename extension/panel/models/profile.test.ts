import { describe, expect, it } from 'vitest';
import { ALICE } from '../testing/fixtures.ts';
import { setupPanel } from '../testing/panel-setup.ts';

describe('profile', () => {
  it('shows what the hub says, and takes a valid new name', async () => {
    const { hub, models } = setupPanel();
    expect(models.profile.profile.value).toBeNull();
    hub.push('profile:update', { name: 'Otter 12', named: false });
    expect(models.profile.profile.value).toEqual({ name: 'Otter 12', named: false });

    const renamed = models.profile.rename('  Alice ');
    expect(models.profile.saving.value).toBe(true);
    await hub.next('profile:rename').answer({ ok: true, profile: { name: ALICE.name, named: true } });
    expect(hub.requestsOf('profile:rename')[0]?.payload).toEqual({ name: 'Alice' });
    expect(await renamed).toBe(true);
    expect(models.profile.profile.value).toEqual({ name: 'Alice', named: true });
    expect(models.profile.saving.value).toBe(false);
  });

  it('sends the name composed (NFC) and trimmed, as the server keeps it', async () => {
    const { hub, models } = setupPanel();
    void models.profile.rename(' Zoe\u0308 ');
    expect(hub.next('profile:rename').payload).toEqual({ name: 'Zo\u00EB' });
  });

  it('names the invisible character that makes a name refused', async () => {
    const { hub, models } = setupPanel();
    expect(await models.profile.rename('Sam\u3164')).toBe(false);
    expect(models.profile.error.value).toBe("That name can't be used: name contains an invisible character (U+3164)");
    expect(hub.requestsOf('profile:rename')).toHaveLength(0);
  });

  it('refuses a bad name before asking the hub', async () => {
    const { hub, models } = setupPanel();
    expect(await models.profile.rename('   ')).toBe(false);
    expect(await models.profile.rename('x'.repeat(33))).toBe(false);
    expect(models.profile.error.value).toBe("That name can't be used: name is longer than 32 characters");
    expect(hub.requestsOf('profile:rename')).toHaveLength(0);
    models.profile.clearError();
    expect(models.profile.error.value).toBeNull();
  });

  it("shows the server's refusal in words", async () => {
    const { hub, models } = setupPanel();
    const renamed = models.profile.rename('Alice');
    await hub.next('profile:rename').answer({ ok: false, error: { code: 'unavailable', message: 'down' } });
    expect(await renamed).toBe(false);
    expect(models.profile.error.value).toBe('The chat server is unavailable right now — try again in a moment');
  });
});
