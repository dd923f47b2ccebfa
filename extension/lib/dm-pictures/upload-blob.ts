/**
 * `POST /blobs?room=&to=` (docs/protocol.md, "Pictures in DMs"): one encrypted encoding of a
 * DM's picture, from an extension page, with progress. `to` lets someone who has left the room
 * upload under the conversation's grant; the relay learns nothing from it that the DM itself
 * does not tell it.
 */
import { BLOBS_PATH, type BlobUploadAnswer, type RoomKey, type UserId } from '../../../protocol/index.ts';
import { postWithProgress, type BytesPost, type PostResult } from '../upload-image.ts';

export interface BlobUploadRequest extends BytesPost {
  /** The relay's origin (hub `image:grant`). */
  base: string;
  room: RoomKey;
  to: UserId;
}

export type BlobUploadResult = PostResult<BlobUploadAnswer>;

export type BlobUpload = (request: BlobUploadRequest) => Promise<BlobUploadResult>;

export const uploadBlob: BlobUpload = ({ base, room, to, ...post }) =>
  postWithProgress<BlobUploadAnswer>(`${base}${BLOBS_PATH}?${new URLSearchParams({ room, to }).toString()}`, post);
