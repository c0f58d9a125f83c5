// @ts-check
// Instead of watching the whole page for changes: htmx tells us about every element it swaps in
// (an answer, a stream frame, each <hx-partial>, a morph) and about the page itself at the start.

/**
 * Runs `callback` on each element matching `selector` in the page as it starts and in whatever
 * htmx puts on it later: inside the new content, or the nearest one around it (a message added
 * to a chat log reaches the log). Content can arrive again, so callbacks must be safe to repeat.
 *
 * @example
 * whenLoaded('time[datetime]', (time) => { time.title = time.dateTime; });
 * @template {Element} [E=HTMLElement]
 * @param {string} selector
 * @param {(element: E) => void} callback
 */
export function whenLoaded(selector, callback) {
  htmx.onLoad((root) => {
    const around = root.closest(selector);
    if (around) callback(/** @type {E} */ (around));
    for (const element of root.querySelectorAll(selector)) callback(/** @type {E} */ (element));
  });
}
