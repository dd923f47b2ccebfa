export function NoRoom() {
  return <p class="notice">samepage works on web pages (http and https). This page has no chat room.</p>;
}
