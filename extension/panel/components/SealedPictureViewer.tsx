import { useRef } from 'preact/hooks';
import type { SealedImageBody } from '../../../protocol/index.ts';
import type { DmPicturesModel } from '../models/dm-pictures.ts';
import type { ImageMessage } from '../models/images.ts';
import { useModal } from './ImageViewer.tsx';
import { altOf } from './MessageImage.tsx';
import { useDecrypted } from './SealedPicture.tsx';
import { t } from '../../lib/i18n.ts';

/** The full picture, decrypted while it is shown. */
function FullPicture({
  pictures,
  message,
  body,
}: {
  pictures: DmPicturesModel;
  message: ImageMessage;
  body: SealedImageBody;
}) {
  const state = useDecrypted(pictures, body.full);
  if (state.status === 'failed') {
    return (
      <p class="picture-failed" data-testid="picture-failed" role="status">
        {state.message}
      </p>
    );
  }
  return (
    <img
      data-testid="viewer-image"
      data-state={state.status}
      src={state.status === 'shown' ? state.url : undefined}
      alt={altOf(message)}
      width={body.width}
      height={body.height}
    />
  );
}

/** A DM's picture at full size, in a modal dialog, as room pictures open (ImageViewer.tsx). */
export function SealedPictureViewer({ pictures }: { pictures: DmPicturesModel }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const shown = pictures.viewing.value;
  useModal(dialog, shown !== null);
  return (
    <dialog
      ref={dialog}
      class="image-viewer"
      data-testid="image-viewer"
      aria-label={shown ? altOf(shown.message) : t('dm_picture_viewer')}
      onClose={() => pictures.view(null)}
      onClick={(event) => {
        if (event.target === event.currentTarget) pictures.view(null);
      }}
    >
      {shown ? (
        <>
          <FullPicture pictures={pictures} message={shown.message} body={shown.body} />
          <button type="button" class="viewer-close" onClick={() => pictures.view(null)}>
            {t('dm_picture_close')}
          </button>
        </>
      ) : null}
    </dialog>
  );
}
