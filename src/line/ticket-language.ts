import type { Deps } from '../lib/deps.ts';
import { commit } from '../realtime/events.ts';
import { sql, type Db } from '../lib/sql.ts';
import { languageOf, type Lang } from '../i18n/index.ts';

const languageTagOf = sql<{ tag: string | null }>('SELECT visitor_language AS tag FROM tickets WHERE id = ?');
const setLanguage = sql('UPDATE tickets SET visitor_language = ? WHERE id = ?');

/**
 * A ticket speaks its visitor's language: the one they chose (or their browser asked for) at the
 * intake, changed by the switcher on their ticket page. It is kept in tickets.visitor_language,
 * which also tells the desk the browser's language: the browser's hint is kept as it is when it
 * reads as the same language ('ru-RU' for Russian, 'fr-CA' for English: ours falls back to English);
 * otherwise the chosen code itself is stored.
 */
export function ticketLanguageTag(hint: string | null, lang: Lang): string {
  return hint && languageOf(hint) === lang ? hint : lang;
}

/** The language Lineup writes to this ticket's visitor in (system lines, mail); English when unknown. */
export function ticketLanguage(db: Db, ticketId: number): Lang {
  const row = languageTagOf.get(db, ticketId);
  return languageOf(row?.tag);
}

/** The visitor switched language on their ticket page: later system lines and mail follow. */
export function setTicketLanguage(deps: Deps, ticketId: number, lang: Lang): void {
  if (ticketLanguage(deps.db, ticketId) === lang) return;
  commit(deps, (tx) => { setLanguage.run(tx, lang, ticketId); });
}
