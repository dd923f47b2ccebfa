/** The page carries `<meta name="samepage" content="off">` (PROTOCOL.md, "Publisher opt-out"). */
export function OptedOut() {
  return <p class="notice">This site asked not to host chat on its pages.</p>;
}
