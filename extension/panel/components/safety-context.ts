import { createContext } from 'preact';
import type { SafetyModel } from '../models/safety.ts';

/** Block, mute, hide and report; absent where a view offers none of them (some tests, the stand-alone views). */
export const SafetyContext = createContext<SafetyModel | null>(null);
