import { describe, expect, it } from 'vitest';
import { isDefault, modeOf } from './room-mode.ts';

describe('modeOf', () => {
  it('applies the slower of the operator’s and the automatic slow mode, while the latter lasts', () => {
    const stored = { slowModeSeconds: 5, readOnly: false, autoUntil: 2_000, autoSeconds: 10 };
    expect(modeOf(stored, 1_000)).toEqual({ slowModeSeconds: 10, readOnly: false, auto: true });
    expect(modeOf(stored, 2_000)).toEqual({ slowModeSeconds: 5, readOnly: false });
    expect(modeOf({ ...stored, slowModeSeconds: 30 }, 1_000)).toEqual({ slowModeSeconds: 30, readOnly: false });
  });

  it('keeps read-only whatever the slow mode, and knows the default', () => {
    expect(modeOf({ slowModeSeconds: 0, readOnly: true }, 0)).toEqual({ slowModeSeconds: 0, readOnly: true });
    expect(isDefault(modeOf({ slowModeSeconds: 0, readOnly: false }, 0))).toBe(true);
    expect(isDefault({ slowModeSeconds: 0, readOnly: true })).toBe(false);
  });
});
