/**
 * Brings a message into view (a reply's original, issue #12): scrolls to it and marks it for a
 * moment; one older than what is shown is fetched page by page first, a bounded number of times.
 */
const MAX_PAGES = 10;
const MARK_MS = 2000;

export async function jumpToMessage(
  list: ParentNode,
  id: string,
  older: { more(): boolean; load(): Promise<void> } | null,
): Promise<boolean> {
  const find = () => list.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(id)}"]`);
  for (let page = 0; find() === null && older !== null && older.more() && page < MAX_PAGES; page++) {
    await older.load();
    // Let the list render the page before looking again.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const element = find();
  if (element === null) return false;
  const reduced = matchMedia('(prefers-reduced-motion: reduce)').matches;
  element.scrollIntoView({ block: 'center', behavior: reduced ? 'auto' : 'smooth' });
  element.classList.add('jumped');
  setTimeout(() => element.classList.remove('jumped'), MARK_MS);
  return true;
}
