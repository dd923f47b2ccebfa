import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { ALICE } from '../testing/fixtures.ts';
import { acting, renderInRoom } from '../testing/render-panel.tsx';

describe('choosing a name', () => {
  it('asks on first run with the suggested name, and saves it', async () => {
    const { hub } = await renderInRoom();
    await acting(() => hub.push('profile:update', { name: 'Otter 12', named: false }));
    const input = screen.getByTestId('name-input') as HTMLInputElement;
    expect(input.value).toBe('Otter 12');

    fireEvent.input(input, { target: { value: 'Alice' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(hub.next('profile:rename').payload).toEqual({ name: 'Alice' });
    await acting(() => hub.next('profile:rename').answer({ ok: true, profile: { name: ALICE.name, named: true } }));
    expect(screen.queryByTestId('name-input')).toBeNull();
    expect(screen.getByText('Alice', { selector: 'strong' })).toBeTruthy();
  });

  it('refuses a blank name without asking the hub', async () => {
    const { hub } = await renderInRoom();
    await acting(() => hub.push('profile:update', { name: 'Otter 12', named: false }));
    fireEvent.input(screen.getByTestId('name-input'), { target: { value: '  ' } });
    await acting(() => fireEvent.click(screen.getByRole('button', { name: 'Save' })));
    expect(screen.getByRole('alert').textContent).toBe("That name can't be used: name is empty");
    expect(hub.requestsOf('profile:rename')).toHaveLength(0);
  });

  it('renames from the header, with one name input at a time', async () => {
    const { hub } = await renderInRoom();
    await acting(() => hub.push('profile:update', { name: 'Alice', named: true }));
    expect(screen.queryByTestId('name-input')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Change name' }));
    expect(screen.getAllByTestId('name-input')).toHaveLength(1);
    fireEvent.input(screen.getByTestId('name-input'), { target: { value: 'Al' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await acting(() =>
      hub
        .next('profile:rename')
        .answer({ ok: false, error: { code: 'rate_limited', message: 'x', retryAfterMs: 1000 } }),
    );
    expect(screen.getByRole('alert').textContent).toBe("You're sending too fast — try again in 1 s");
    expect(screen.getByTestId('name-input')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByTestId('name-input')).toBeNull();
  });
});
