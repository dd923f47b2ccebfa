/**
 * Named moments of opening a panel, in the document's own performance timeline (User Timing),
 * for `npm run bench:extension` to read after the fact: each process stamps its own steps, and
 * `performance.timeOrigin + startTime` puts them all on one clock. A mark costs a few
 * microseconds and nothing reads it in normal use (the browser keeps a page's marks until it is
 * closed); each name is marked once per document.
 */
export const TimingMark = {
  /** The content script started (in the page's timeline). */
  content: 'samepage:content',
  /** The panel's iframe was put into the page (in the page's timeline). */
  frame: 'samepage:frame',
  /** The panel's own script started running, its imports evaluated (in the panel's timeline). */
  panelScript: 'samepage:panel-script',
  /** The panel's first render was done (in the panel's timeline). */
  firstRender: 'samepage:first-render',
  /** The panel learnt which page it is about. */
  context: 'samepage:context',
  /** The first message of the room's history was put into the DOM. */
  firstMessage: 'samepage:first-message',
  /** The frame that showed the first message was painted (after the next frame's rendering). */
  firstMessagePainted: 'samepage:first-message-painted',
} as const;

export type TimingMarkName = (typeof TimingMark)[keyof typeof TimingMark];

const marked = new Set<string>();

/** Marks `name` now, the first time only. */
export function markOnce(name: TimingMarkName): void {
  if (marked.has(name) || typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
  marked.add(name);
  performance.mark(name);
}

/**
 * Marks `name` once the frame being rendered now has been painted: the next animation frame
 * runs just before that frame's paint, and a task queued from it runs just after.
 */
export function markOnceAfterPaint(name: TimingMarkName): void {
  if (marked.has(name) || typeof requestAnimationFrame !== 'function') return;
  marked.add(name);
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      performance.mark(name);
    };
    channel.port2.postMessage(null);
  });
}
