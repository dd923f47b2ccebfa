import { createContext } from 'preact';
import type { DmPicturesModel } from '../models/dm-pictures.ts';

/** What decrypts a DM's pictures and opens them larger; absent outside a conversation. */
export const DmPicturesContext = createContext<DmPicturesModel | null>(null);
