/**
 * The page's readable text as a sequence of Text nodes, for quoting a selection with the words
 * around it and for finding a quoted passage again: what a script, a style sheet or a form
 * field's default value holds is not text a person reads, so it is left out.
 */
const NOT_READ = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'TITLE']);

/** A Text node a person can read (not inside a script, style...). */
export function isReadable(node: Node): node is Text {
  return node.nodeType === Node.TEXT_NODE && !NOT_READ.has(node.parentElement?.nodeName.toUpperCase() ?? '');
}

/** Walks the readable Text nodes under `root`, in document order. */
export function readableText(root: Node): TreeWalker {
  const doc = root.ownerDocument ?? (root as Document);
  return doc.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (isReadable(node) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP),
  });
}

/** The deepest last descendant of `node` (itself when it has no children). */
function lastLeaf(node: Node): Node {
  let leaf = node;
  while (leaf.lastChild) leaf = leaf.lastChild;
  return leaf;
}

/** The body, or the root element of a document without one: where a page's text lives. */
export function textRoot(doc: Document): Node {
  return doc.body ?? doc.documentElement;
}

/**
 * The node before `node` in document order, within `root`. Written out rather than
 * TreeWalker.previousNode, which happy-dom (the unit tests' DOM) gets wrong after a subtree
 * without accepted nodes.
 */
function previousInOrder(node: Node, root: Node): Node | null {
  if (node === root) return null;
  const sibling = node.previousSibling;
  if (!sibling) return node.parentNode === root ? null : node.parentNode;
  return lastLeaf(sibling);
}

/** Up to about `limit` UTF-16 units of readable text just before a boundary point. */
export function textBefore(container: Node, offset: number, limit: number): string {
  const root = textRoot(container.ownerDocument ?? (container as Document));
  let text = '';
  let node: Node | null;
  if (container.nodeType === Node.TEXT_NODE) {
    if (isReadable(container)) text = container.data.slice(0, offset);
    node = container;
  } else {
    const next = container.childNodes[offset];
    // At the end of an element, its last text is before the point.
    node = next ?? lastLeaf(container);
    if (!next && isReadable(node)) text = node.data;
  }
  while (text.length < limit && (node = previousInOrder(node, root))) {
    if (isReadable(node)) text = node.data + text;
  }
  return text.slice(-limit);
}

/** Up to about `limit` UTF-16 units of readable text just after a boundary point. */
export function textAfter(container: Node, offset: number, limit: number): string {
  const walker = readableText(textRoot(container.ownerDocument ?? (container as Document)));
  let text = '';
  if (container.nodeType === Node.TEXT_NODE) {
    if (isReadable(container)) text = container.data.slice(offset);
    walker.currentNode = container;
  } else {
    const next = container.childNodes[offset];
    if (next && isReadable(next)) text = next.data;
    // Past the end of an element, what follows is after its last leaf.
    walker.currentNode = next ?? lastLeaf(container);
  }
  while (text.length < limit) {
    const node = walker.nextNode();
    if (!node) break;
    text += (node as Text).data;
  }
  return text.slice(0, limit);
}
