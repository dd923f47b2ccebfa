import { startServiceWorker } from '../hub/start.ts';

export default defineBackground({
  type: 'module',
  main() {
    startServiceWorker();
  },
});
