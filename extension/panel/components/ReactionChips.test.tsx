import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ReactionChips, type Reaction } from './ReactionChips.tsx';

const REACTIONS: Reaction[] = [
  { emoji: '👍', count: 3, mine: true },
  { emoji: '🎉', count: 1, mine: false },
  { emoji: '❤️', count: 1, mine: true },
  { emoji: '😂', count: 2, mine: false },
];

function renderChips(reactions: readonly Reaction[] = REACTIONS) {
  const toggles: Array<[string, boolean]> = [];
  const view = render(<ReactionChips reactions={reactions} onToggle={(emoji, on) => toggles.push([emoji, on])} />);
  return { toggles, view };
}

afterEach(cleanup);

const chips = () => screen.getAllByTestId('reaction');

describe('reaction chips', () => {
  it('shows each emoji with its count, in the given order', () => {
    renderChips();
    expect(chips().map((chip) => [chip.dataset.emoji, chip.dataset.count, chip.textContent])).toEqual([
      ['👍', '3', '👍3'],
      ['🎉', '1', '🎉1'],
      ['❤️', '1', '❤️1'],
      ['😂', '2', '😂2'],
    ]);
  });

  it('marks ours as pressed and says so in words', () => {
    renderChips();
    expect(chips().map((chip) => chip.getAttribute('aria-pressed'))).toEqual(['true', 'false', 'true', 'false']);
    expect(screen.getByRole('button', { name: '👍 3 reactions, including yours' })).toBe(chips()[0]);
    expect(screen.getByRole('button', { name: '🎉 1 reaction' })).toBe(chips()[1]);
    expect(screen.getByRole('button', { name: '❤️ 1 reaction, yours' })).toBe(chips()[2]);
    expect(screen.getByRole('button', { name: '😂 2 reactions' })).toBe(chips()[3]);
  });

  it('takes ours back, or adds it, on a click', () => {
    const { toggles } = renderChips();
    fireEvent.click(chips()[0] as HTMLElement);
    fireEvent.click(chips()[1] as HTMLElement);
    expect(toggles).toEqual([
      ['👍', false],
      ['🎉', true],
    ]);
  });

  it('follows new counts', () => {
    const { view } = renderChips([{ emoji: '🎉', count: 1, mine: false }]);
    view.rerender(<ReactionChips reactions={[{ emoji: '🎉', count: 2, mine: true }]} onToggle={() => {}} />);
    expect(chips()[0]?.dataset.count).toBe('2');
    expect(chips()[0]?.getAttribute('aria-pressed')).toBe('true');
  });

  it('only shows, pressing nothing, where there is nowhere to send a reaction', () => {
    render(<ReactionChips reactions={REACTIONS} />);
    expect(chips().every((chip) => (chip as HTMLButtonElement).disabled)).toBe(true);
    expect(chips().map((chip) => chip.dataset.count)).toEqual(['3', '1', '1', '2']);
  });

  it('renders nothing without reactions', () => {
    const { view } = renderChips([]);
    expect(view.container.innerHTML).toBe('');
  });
});
