/** How the panel shows a message's time: hh:mm in the reader's time zone, 24-hour. */
export function clockTime(at: number): string {
  const date = new Date(at);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/** The full date and time, for a tooltip. */
export function fullTime(at: number): string {
  return new Date(at).toLocaleString();
}
