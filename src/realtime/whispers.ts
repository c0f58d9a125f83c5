import type { Lang } from '../i18n/index.ts';

/** Sends a frame to one open page: HTML, or a named event the page script answers. */
export type Push = (html: string, event?: string) => void;

/** What to whisper: the same HTML for every page, or HTML made for a page's language. */
export type Whisper = string | ((lang: Lang) => string);

/**
 * Passing state pushed to open pages by key ("desk:7", "ticket:42"): typing indicators and desk
 * pings. Unlike
 * events these are not stored and never replayed; a page that misses one has lost nothing.
 * They reach pages of this process only.
 */
export class Whispers {
  private pages = new Map<string, Set<{ push: Push; lang: Lang }>>();

  /** A page opened under `key`, reading `lang`; returns what to call when it closes. */
  join(key: string, push: Push, lang: Lang = 'en'): () => void {
    let set = this.pages.get(key);
    if (!set) this.pages.set(key, (set = new Set()));
    const page = { push, lang };
    set.add(page);
    return () => {
      set.delete(page);
      if (set.size === 0 && this.pages.get(key) === set) this.pages.delete(key);
    };
  }

  /**
   * Whispers to every page open under `key`. HTML made per language is made once per language
   * (pass the same `said` to several keys to share it), never once per page.
   *
   * @example
   * whispers.send('desk:7', said((lang) => render('chat/_typing', { name, lang })));
   */
  send(key: string, html: Whisper, event?: string): void {
    const say = typeof html === 'string' ? () => html : said(html);
    for (const page of this.pages.get(key) ?? []) page.push(say(page.lang), event);
  }
}

/** HTML per language, made at most once for each. */
export function said(make: (lang: Lang) => string): (lang: Lang) => string {
  const made = new Map<Lang, string>();
  return (lang) => {
    let html = made.get(lang);
    if (html === undefined) made.set(lang, (html = make(lang)));
    return html;
  };
}
