import { useContext, useEffect, useState } from 'preact/hooks';
import type { BlobRef, SealedImageBody } from '../../../protocol/index.ts';
import type { DmPicturesModel, PictureHold, PictureState } from '../models/dm-pictures.ts';
import type { ImageMessage } from '../models/images.ts';
import { DmPicturesContext } from './dm-pictures-context.ts';
import { altOf } from './MessageImage.tsx';
import { t } from '../../lib/i18n.ts';

const LOADING: PictureState = { status: 'loading' };

/** The decrypted state of `ref` while the caller is shown; let go when it is not. */
export function useDecrypted(pictures: DmPicturesModel | null, ref: BlobRef): PictureState {
  const [hold, setHold] = useState<PictureHold | null>(null);
  useEffect(() => {
    if (!pictures) return undefined;
    const held = pictures.hold(ref);
    setHold(held);
    return () => held.release();
  }, [pictures, ref.id, ref.key, ref.iv, ref.sha256]);
  return hold?.state.value ?? LOADING;
}

/** Why a picture is not shown, with Try again when that may help. */
function Failed({ state, onRetry }: { state: Extract<PictureState, { status: 'failed' }>; onRetry(): void }) {
  return (
    <p class="picture-failed" data-testid="picture-failed" role="status">
      <span>{state.message}</span>
      {state.retry ? (
        <button type="button" class="quiet small" onClick={onRetry}>
          {t('dm_picture_try_again')}
        </button>
      ) : null}
    </p>
  );
}

/**
 * A DM's picture, decrypted in the panel: its thumbnail, sized before it arrives so the list
 * does not jump; a click opens the full picture in the viewer.
 */
export function SealedPicture({ message, body }: { message: ImageMessage; body: SealedImageBody }) {
  const pictures = useContext(DmPicturesContext);
  const state = useDecrypted(pictures, body.thumb);
  if (state.status === 'failed') return <Failed state={state} onRetry={() => pictures?.retry(body.thumb)} />;
  const image = (
    <img
      class={`message-image${state.status === 'loading' ? ' loading' : ''}`}
      data-testid="message-image"
      data-sealed="true"
      data-state={state.status}
      src={state.status === 'shown' ? state.url : undefined}
      alt={state.status === 'shown' ? altOf(message) : t('dm_picture_decrypting')}
      width={body.thumbWidth}
      height={body.thumbHeight}
      decoding="async"
    />
  );
  if (!pictures || state.status !== 'shown') return image;
  return (
    <button
      type="button"
      class="image-open"
      aria-label={t('dm_picture_open_larger', altOf(message))}
      onClick={() => pictures.view({ message, body })}
    >
      {image}
    </button>
  );
}
