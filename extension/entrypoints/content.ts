import { startPageAgent } from '../page/page-agent.ts';

export default defineContentScript({
  // Injected by the toolbar action through `scripting` + activeTab, never declared for any
  // site: nothing runs on a page, and no host permission is asked, until the person clicks.
  registration: 'runtime',
  matches: [],
  main(ctx) {
    startPageAgent((cleanup) => ctx.onInvalidated(cleanup));
  },
});
