import { useRef } from 'preact/hooks';
import { t } from '../../lib/i18n.ts';
import type { ImagesModel } from '../models/images.ts';
import { useModal } from './ImageViewer.tsx';
import { altOf } from './MessageImage.tsx';

/** The room's pictures, newest first, new ones appearing as they are posted; a click opens one. */
export function ImageGallery({ images }: { images: ImagesModel }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const open = images.galleryOpen.value;
  useModal(dialog, open);
  const pictures = images.gallery.value;
  return (
    <dialog
      ref={dialog}
      class="image-gallery"
      data-testid="image-gallery"
      aria-labelledby="image-gallery-title"
      onClose={() => images.showGallery(false)}
    >
      <div class="gallery-head">
        <h2 id="image-gallery-title">{t('media_gallery_title')}</h2>
        <button type="button" class="quiet small" onClick={() => images.showGallery(false)}>
          {t('media_close')}
        </button>
      </div>
      {open && pictures.length === 0 ? <p class="empty">{t('media_gallery_empty')}</p> : null}
      {open ? (
        <ul class="gallery-grid">
          {pictures.map((message) => (
            <li key={message.id}>
              <button type="button" class="image-open" onClick={() => images.view(message)}>
                <img
                  data-testid="gallery-image"
                  src={images.url(message.body.id, 'thumb') ?? undefined}
                  alt={altOf(message)}
                  width={message.body.thumbWidth}
                  height={message.body.thumbHeight}
                  loading="lazy"
                />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </dialog>
  );
}
