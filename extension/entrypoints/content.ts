import { markOnce, TimingMark } from '../lib/timing-marks.ts';
import { startPageAgent } from '../page/page-agent.ts';

export default defineContentScript({
  // Injected by the toolbar action through `scripting` + activeTab, never declared for any
  // site (no `matches`, so no host permission): nothing runs on a page until the person clicks.
  registration: 'runtime',
  main(ctx) {
    markOnce(TimingMark.content);
    startPageAgent((cleanup) => ctx.onInvalidated(cleanup));
  },
});
