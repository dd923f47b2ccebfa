import { createHash } from 'node:crypto';
import type { RoomKey, UserId } from '../../protocol/index.ts';
import { newImageId } from './image-id.ts';
import type { EncodedImage, ImageInfo } from './types.ts';

/** The record of a new upload, under a fresh id; every store keeps the same one. */
export function newImageInfo(image: EncodedImage, room: RoomKey, uploader: UserId, at: number): ImageInfo {
  const { full, thumb, width, height, thumbWidth, thumbHeight } = image;
  return {
    id: newImageId(),
    room,
    uploader,
    width,
    height,
    thumbWidth,
    thumbHeight,
    bytes: full.length,
    thumbBytes: thumb.length,
    at,
    hash: createHash('sha256').update(full).digest('hex'),
  };
}
