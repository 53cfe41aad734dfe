/** Number formatting for pages and exports (dates and times are in ./time.ts). */

/** A decimal with a fixed number of places, or a dash when there is no value: `3.5`, `—`. */
export function formatDecimal(n: number | null | undefined, places = 1, none = '—'): string {
  return n === null || n === undefined || !Number.isFinite(n) ? none : n.toFixed(places)
}

/** A file size for people, in whole kilobytes: `12 KB`. */
export function formatFileSize(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KB`
}
