import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../lib/i18n.ts';
import type { ImagesModel } from '../models/images.ts';
import { altOf } from './MessageImage.tsx';

/** The picture of `images.viewing` at full size, in a modal dialog; Escape or a click outside closes it. */
export function ImageViewer({ images }: { images: ImagesModel }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const message = images.viewing.value;
  useModal(dialog, message !== null);
  const src = message ? images.url(message.body.id, 'full') : null;
  return (
    <dialog
      ref={dialog}
      class="image-viewer"
      data-testid="image-viewer"
      aria-label={message ? altOf(message) : t('media_picture')}
      onClose={() => images.view(null)}
      onClick={(event) => {
        if (event.target === event.currentTarget) images.view(null);
      }}
    >
      {message ? (
        <>
          <img
            data-testid="viewer-image"
            src={src ?? undefined}
            alt={altOf(message)}
            width={message.body.width}
            height={message.body.height}
          />
          <button type="button" class="viewer-close" onClick={() => images.view(null)}>
            {t('media_close')}
          </button>
        </>
      ) : null}
    </dialog>
  );
}

/** Keeps a dialog shown as a modal while `open` (the top layer, focus kept inside, Escape). */
export function useModal(dialog: { current: HTMLDialogElement | null }, open: boolean): void {
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
}
