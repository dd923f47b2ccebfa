import { useRef } from 'preact/hooks';
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
        aria-label="Send an image"
        title="Send an image (or paste or drop one)"
        disabled={busy}
        onClick={() => input.current?.click()}
      >
        Image…
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
    return (
      <div class="upload-status" data-testid="image-upload" role="status">
        <span>{percent === null ? 'Preparing the picture…' : `Sending the picture… ${percent}%`}</span>
        <progress max={100} value={percent ?? undefined} aria-label="Sending the picture" />
        <button type="button" class="quiet small" data-testid="image-cancel" onClick={() => upload.cancel()}>
          Cancel
        </button>
      </div>
    );
  }
  if (error === null) return null;
  return (
    <div class="upload-status failed" data-testid="image-error" role="alert">
      <span>{error}</span>
      <button type="button" class="quiet small" aria-label="Dismiss" onClick={() => upload.dismiss()}>
        ✕
      </button>
    </div>
  );
}
