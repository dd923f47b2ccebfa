import { createContext } from 'preact';
import type { ImagesModel } from '../models/images.ts';

/** Where a message's picture is served and what a click on it opens; absent outside a room. */
export const ImagesContext = createContext<ImagesModel | null>(null);
