import { useContext } from 'preact/hooks';
import { t } from '../../lib/i18n.ts';
import { sealedPictureOf } from '../models/dm-pictures.ts';
import type { ImageMessage } from '../models/images.ts';
import { ImagesContext } from './images-context.ts';
import { SealedPicture } from './SealedPicture.tsx';

export const altOf = (message: ImageMessage): string => message.body.alt ?? t('media_picture_from', message.from.name);

/**
 * A message's thumbnail. Its width and height are set before it loads, so the list does not
 * jump when it arrives; a click opens the full picture in the viewer.
 */
export function MessageImage({ message }: { message: ImageMessage }) {
  const images = useContext(ImagesContext);
  const { body } = message;
  // A DM's picture is encrypted end to end: decrypted here, never loaded from the relay as is.
  const sealed = sealedPictureOf(body);
  if (sealed !== null) return <SealedPicture message={message} body={sealed} />;
  const src = images?.url(body.id, 'thumb') ?? undefined;
  const image = (
    <img
      class="message-image"
      data-testid="message-image"
      src={src}
      alt={altOf(message)}
      width={body.thumbWidth}
      height={body.thumbHeight}
      loading="lazy"
      decoding="async"
    />
  );
  if (!images) return image;
  return (
    <button
      type="button"
      class="image-open"
      aria-label={t('media_open_larger', altOf(message))}
      onClick={() => images.view(message)}
    >
      {image}
    </button>
  );
}
