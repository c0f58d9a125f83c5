// @ts-check
// The words scripts write themselves come from the page, in its language: the server renders
// them as JSON in a data-texts attribute ({"tabs.wrote": "{name} wrote", ...}).

/**
 * A text with its {placeholders} filled in as plain text; a placeholder without a value stays.
 *
 * @example
 * fill('{name} wrote', { name: 'Vera' }) // 'Vera wrote'
 * @param {string} text
 * @param {Record<string, string | number>} [params]
 */
export function fill(text, params = {}) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/**
 * Says the words an element carries (its data-texts), filled in; nothing for a word it lacks.
 *
 * @example
 * const say = sayer(document.getElementById('main')); say('tabs.unread', { count: 2 })
 * @param {Element | null | undefined} element
 * @returns {(key: string, params?: Record<string, string | number>) => string}
 */
export function sayer(element) {
  /** @type {Record<string, string>} */
  let words = {};
  try { words = JSON.parse(element?.getAttribute('data-texts') || '{}'); } catch { /* no words: the server's stay */ }
  return (key, params) => fill(words[key] ?? '', params);
}
