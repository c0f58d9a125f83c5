/**
 * A named event for a page's scripts, sent over the stream beside the HTML of the event that
 * caused it: what a script needs to know (a visitor wrote in a tab, someone joined the line)
 * without reading it out of the page. Its data is JSON and holds only what the page shows anyway.
 */
export interface Signal {
  name: `lineup:${string}`;
  data: Record<string, string | number>;
}

/** What a page shows of one event: HTML for htmx to swap, and signals for the page's scripts. */
export interface Drawn {
  html: string;
  signals: Signal[];
}

/**
 * Several regions' parts of one event, in order, as one drawing.
 *
 * @example
 * drawnFrom(['<hx-partial …>', { html: '', signals: [joined] }]) // { html: '<hx-partial …>', signals: [joined] }
 */
export function drawnFrom(parts: Iterable<string | Drawn>): Drawn {
  const all: Drawn = { html: '', signals: [] };
  for (const part of parts) {
    if (typeof part === 'string') all.html += part;
    else { all.html += part.html; all.signals.push(...part.signals); }
  }
  return all;
}

/** Whether a drawing shows anything at all. */
export function showsAnything(drawn: Drawn): boolean {
  return drawn.html !== '' || drawn.signals.length > 0;
}
