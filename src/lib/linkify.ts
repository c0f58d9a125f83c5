// Its own escaping (the same as render.ts's), so the view helpers can use it without an import cycle.
const escapeMap: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => escapeMap[ch]!);

// Only these schemes become links: javascript:, data:, vbscript: and the rest stay text.
const CANDIDATE = /\b(?:https?:\/\/|mailto:)[^\s<>]+/gi;
const TRAILING = /[.,;:!?'"*_]+$/;

/**
 * Escapes text, then turns http(s) and mailto addresses in it into links that open in a new tab
 * without handing the page over (rel=noopener noreferrer). Trailing punctuation stays outside
 * the link; nothing else a person typed becomes markup.
 *
 * @example
 * linkify('See https://example.com/help.') // 'See <a href="https://example.com/help" target="_blank" rel="noopener noreferrer">https://example.com/help</a>.'
 */
export function linkify(text: string): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const url = trimUrl(match[0]);
    if (!isLinkable(url)) continue;
    const start = match.index;
    html += escapeHtml(text.slice(last, start));
    const safe = escapeHtml(url);
    html += `<a href="${safe}" target="_blank" rel="noopener noreferrer">${safe}</a>`;
    last = start + url.length;
  }
  return html + escapeHtml(text.slice(last));
}

/** Drops punctuation that ends the sentence rather than the address, and closing brackets that were never opened in it. */
function trimUrl(url: string): string {
  for (;;) {
    const before = url;
    url = url.replace(TRAILING, '');
    for (const [open, close] of [['(', ')'], ['[', ']']] as const) {
      if (url.endsWith(close) && count(url, close) > count(url, open)) url = url.slice(0, -1);
    }
    if (url === before) return url;
  }
}

const count = (text: string, ch: string) => text.split(ch).length - 1;

function isLinkable(url: string): boolean {
  if (/^mailto:/i.test(url)) return /^mailto:[^@\s]+@[^@\s]+$/i.test(url);
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
  } catch {
    return false;
  }
}
