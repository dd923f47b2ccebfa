/** A wait in a refusal's message: "9 min" from a minute on, "40 s" below it (both rounded up). */
export function inWords(ms: number): string {
  return ms >= 60_000 ? `${Math.ceil(ms / 60_000)} min` : `${Math.ceil(ms / 1000)} s`;
}
