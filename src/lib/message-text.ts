import { LinkifyIt } from 'linkify-it';
import MarkdownIt from 'markdown-it';

// Its own escaping (the same as render.ts's), so the view helpers can use it without an import cycle.
const escapeMap: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => escapeMap[ch]!);

/**
 * Finds addresses the way people type them: with a scheme (https://…, mailto:…), without one
 * (www.example.com, example.org/help) and bare e-mail addresses. Only http, https and mailto are
 * kept (no ftp:, no protocol-relative //); trailing punctuation and unopened brackets stay outside.
 */
const finder = new LinkifyIt({ fuzzyLink: true }).add('ftp:', null).add('//', null);
// An address typed without a scheme opens over https (linkify-it's own default is http).
finder.normalize = (match) => {
  if (!match.schema) match.url = `https://${match.url}`;
  else if (match.schema === 'mailto:' && !/^mailto:/i.test(match.url)) match.url = `mailto:${match.url}`;
};

/** The last word on every address that becomes a link: javascript:, data:, vbscript: and the rest stay text. */
function isLinkable(url: string): boolean {
  if (/^mailto:/i.test(url)) return /^mailto:[^@\s:/]+@[^@\s]+$/i.test(url);
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
  } catch {
    return false;
  }
}

const anchor = (url: string, text: string) =>
  `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(text)}</a>`;

/**
 * A visitor's text (and Lineup's own lines): escaped first, then its addresses made links that
 * open in a new tab without handing the page over. Nothing else a person typed becomes markup.
 *
 * @example
 * plainHtml('See www.example.com/help.') // 'See <a href="https://www.example.com/help" …>www.example.com/help</a>.'
 */
export function plainHtml(text: string): string {
  let html = '';
  let last = 0;
  for (const match of finder.match(text) ?? []) {
    if (!isLinkable(match.url)) continue;
    html += escapeHtml(text.slice(last, match.index)) + anchor(match.url, match.text);
    last = match.lastIndex;
  }
  return html + escapeHtml(text.slice(last));
}

/**
 * A supporter's light formatting: **bold**, *italics*, lists, `inline code`, [links](https://…)
 * and line breaks as typed. HTML is off (a tag stays text) and every link passes `isLinkable`,
 * so a reply can say `[here](javascript:…)` and get no link. Headings, tables, images, quotes and
 * code blocks stay off: a chat message is not a document.
 */
const markdown = new MarkdownIt('zero', { html: false, breaks: true, linkify: true })
  .enable(['linkify', 'list', 'newline', 'escape', 'backticks', 'emphasis', 'link', 'autolink']);
markdown.linkify = finder;
markdown.validateLink = isLinkable;
markdown.renderer.rules.link_open = (tokens, index, options, _env, self) => {
  tokens[index]!.attrSet('target', '_blank');
  tokens[index]!.attrSet('rel', 'noopener noreferrer');
  return self.renderToken(tokens, index, options);
};

/** A supporter's message (reply, note, canned reply) as HTML, the same on every page and in mail. */
export function richHtml(text: string): string {
  return markdown.render(text).trim();
}

/** Supporters write formatted text; visitors' and Lineup's own lines stay plain. */
export const isRich = (author: string) => author === 'supporter' || author === 'note';

/** A message body as HTML by who wrote it. */
export function bodyHtml(author: string, text: string): string {
  return isRich(author) ? richHtml(text) : plainHtml(text);
}
