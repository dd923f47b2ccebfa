/** Pictures as a person puts them into the panel. */
import type { Frame } from 'playwright-core';

/** Pastes a freshly drawn 900 × 600 PNG into the composer, as a paste from the clipboard delivers it. */
export async function pastePicture(panel: Frame, testId = 'composer'): Promise<void> {
  await panel.getByTestId(testId).evaluate(async (area) => {
    const canvas = new OffscreenCanvas(900, 600);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2d context');
    const gradient = context.createLinearGradient(0, 0, 900, 600);
    gradient.addColorStop(0, '#0b57d0');
    gradient.addColorStop(1, '#f2b8b5');
    context.fillStyle = gradient;
    context.fillRect(0, 0, 900, 600);
    context.fillStyle = '#fff';
    context.font = '96px sans-serif';
    context.fillText('samepage', 180, 330);
    const png = await canvas.convertToBlob({ type: 'image/png' });
    const transfer = new DataTransfer();
    transfer.items.add(new File([png], 'drawing.png', { type: 'image/png' }));
    area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  });
}
