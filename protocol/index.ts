/**
 * samepage's wire contract, v1 (docs/protocol.md): the one module that the server and the
 * extension both import. Runtime values here are plain constants and pure functions; the
 * TypeBox schemas are exported as types only, see schemas.ts.
 */
export * from './limits.ts';
export * from './errors.ts';
export * from './events.ts';
export * from './images.ts';
export type { BlobRef, BlobUploadAnswer, SealedImageBody, UploadedBlob } from './sealed-images.ts';
export * from './text.ts';
export * from './emoji.ts';
export * from './look-alikes.ts';
export * from './quote-text.ts';
export type * from './schemas.ts';
export type * from './messages.ts';
export type * from './page-quote.ts';
export * from './fold.ts';
export * from './reply-preview.ts';
