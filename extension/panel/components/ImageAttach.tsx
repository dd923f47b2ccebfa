import { useRef } from 'preact/hooks';
import { locale, t } from '../../lib/i18n.ts';
import type { ImageUpload } from '../models/image-upload.ts';

/** The first file among `files` (a paste's or a drop's), or null. Other files are refused by the upload. */
export function firstFile(files: FileList | null | undefined): File | null {
  return files?.[0] ?? null;
}

/** The composer's attach button and its hidden file input. */
export function AttachButton({ upload }: { upload: ImageUpload }) {
  const input = useRef<HTMLInputElement>(null);
  const busy = upload.state.value.status !== 'idle';
  return (
    <>
      <button
        type="button"
        class="quiet attach"
        data-testid="image-attach"
        aria-label={t('compose_attach')}
        title={t('compose_attach_title')}
        disabled={busy}
        onClick={() => input.current?.click()}
      >
        {t('compose_attach_button')}
      </button>
      <input
        ref={input}
        type="file"
        accept="image/*"
        hidden
        data-testid="image-input"
        onChange={(event) => {
          const file = firstFile(event.currentTarget.files);
          // Cleared so that picking the same file again is a change too.
          event.currentTarget.value = '';
          if (file) void upload.attach(file);
        }}
      />
    </>
  );
}

/** The picture on its way (progress and Cancel), or why the last one was refused. */
export function UploadStatus({ upload }: { upload: ImageUpload }) {
  const state = upload.state.value;
  const error = upload.error.value;
  if (state.status !== 'idle') {
    const percent = state.status === 'uploading' ? Math.round(state.progress * 100) : null;
    // Where the percent sign goes, and its spacing, differ by language (German writes "42 %").
    const sent = percent === null ? '' : new Intl.NumberFormat(locale(), { style: 'percent' }).format(percent / 100);
    return (
      <div class="upload-status" data-testid="image-upload" role="status">
        <span>{percent === null ? t('compose_upload_preparing') : t('compose_upload_sending', sent)}</span>
        <progress max={100} value={percent ?? undefined} aria-label={t('compose_upload_progress')} />
        <button type="button" class="quiet small" data-testid="image-cancel" onClick={() => upload.cancel()}>
          {t('compose_cancel')}
        </button>
      </div>
    );
  }
  if (error === null) return null;
  return (
    <div class="upload-status failed" data-testid="image-error" role="alert">
      <span>{error}</span>
      <button type="button" class="quiet small" aria-label={t('compose_dismiss')} onClick={() => upload.dismiss()}>
        ✕
      </button>
    </div>
  );
}
