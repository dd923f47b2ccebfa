import { expect, it } from 'vitest';
import { PICKER_HEIGHT, pickerPlace } from './picker-place.ts';

const viewport = { width: 360, height: 700 };

it('opens over the foot of a tall list, its full height, and ends above the list foot (the composer is below)', () => {
  const list = { top: 60, bottom: 560, left: 0, right: 360 };
  const place = pickerPlace(list, viewport);
  expect(viewport.height - place.bottom).toBe(list.bottom - 8);
  expect(viewport.height - place.bottom - place.top).toBe(PICKER_HEIGHT);
  expect(place.top).toBeGreaterThanOrEqual(list.top);
  expect(place).toMatchObject({ left: 8, right: 8 });
});

it('grows up over the header where the list is short, never down over the composer nor out of the panel', () => {
  const list = { top: 80, bottom: 240, left: 0, right: 360 };
  const place = pickerPlace(list, viewport);
  expect(place.top).toBe(8);
  expect(viewport.height - place.bottom).toBe(232);
});

it('stays in the panel when the list reaches past its foot', () => {
  const place = pickerPlace({ top: 0, bottom: 900, left: -20, right: 400 }, viewport);
  expect(place.bottom).toBe(8);
  expect(place.left).toBe(8);
  expect(place.right).toBe(8);
});
