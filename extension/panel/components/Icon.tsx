// Drawn rather than typed: a glyph such as ⧉ is missing from many system fonts.
const PATHS = {
  popOut: 'M9 3h4v4M13 3 7.5 8.5M11 9.5V13H3V5h3.5',
  close: 'M4 4l8 8M12 4l-8 8',
  collapse: 'M6 3.5 10.5 8 6 12.5',
  lock: 'M4.5 7.5h7v5.5h-7zM6 7.5V5.5a2 2 0 0 1 4 0v2',
} as const;

/** A 16px stroke icon; decorative, so the button around it carries the label. */
export function Icon({ name }: { name: keyof typeof PATHS }) {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" />
    </svg>
  );
}
