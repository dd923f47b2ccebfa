// The checkpoint thread's entry (sqlite-checkpointer.ts). A worker thread inherits no module
// loader, neither the relay's `--import tsx` nor Vitest's, so it loads its TypeScript through tsx.
import { tsImport } from 'tsx/esm/api';

await tsImport('./sqlite-checkpoint-thread.ts', import.meta.url);
