import { useEffect } from 'preact/hooks';
import type { ImageUpload } from '../models/image-upload.ts';
import { firstFile } from './ImageAttach.tsx';

/** A file dropped anywhere on the panel is sent as a picture, instead of the browser opening it. */
export function useDroppedImages(upload: ImageUpload | undefined): void {
  useEffect(() => {
    if (!upload) return;
    const carriesFiles = (event: DragEvent): boolean => event.dataTransfer?.types.includes('Files') ?? false;
    const over = (event: DragEvent): void => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const drop = (event: DragEvent): void => {
      const file = firstFile(event.dataTransfer?.files);
      if (!file) return;
      event.preventDefault();
      void upload.attach(file);
    };
    document.addEventListener('dragover', over);
    document.addEventListener('drop', drop);
    return () => {
      document.removeEventListener('dragover', over);
      document.removeEventListener('drop', drop);
    };
  }, [upload]);
}
