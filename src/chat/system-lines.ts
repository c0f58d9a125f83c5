import { CATALOGS, Text, type Key, type Lang, type Params } from '../i18n/index.ts';
import type { MessageView } from './messages.ts';

/**
 * A line Lineup writes into a conversation ("Vera stepped away.") is stored twice: in the words
 * the visitor was shown (the ticket's language, for transcripts, mail and search) and as its
 * catalogue key and values, so that each reader (a supporter on the desk, say) gets it in their
 * own language. Values are kept as plain text and filled in as plain text.
 */
interface Stored { key: string; params: Record<string, string | number | Stored> }

/** A Text as it is stored with its line (JSON). */
export function storeText(text: Text): string {
  return JSON.stringify(toStored(text));
}

function toStored(text: Text): Stored {
  return { key: text.key, params: Object.fromEntries(Object.entries(text.params).map(([name, value]) => [name, value instanceof Text ? toStored(value) : value])) };
}

/** The Text a line was stored as, or null for a line stored before (or with a key no catalogue has any more). */
export function storedText(json: string | null): Text | null {
  if (!json) return null;
  try {
    return fromStored(JSON.parse(json) as Stored);
  } catch {
    return null;
  }
}

function fromStored(stored: Stored): Text {
  if (typeof stored?.key !== 'string' || !(stored.key in CATALOGS.en)) throw new Error('unknown text');
  const params: Params = {};
  for (const [name, value] of Object.entries(stored.params ?? {})) {
    params[name] = typeof value === 'object' && value !== null ? fromStored(value) : value;
  }
  return new Text(stored.key as Key, params);
}

/** A message as someone reading `lang` sees it: Lineup's own lines in that language. */
export function forReader<M extends Pick<MessageView, 'author' | 'body' | 'systemText'>>(m: M, lang: Lang): M {
  const text = m.author === 'system' || m.author === 'note' ? storedText(m.systemText) : null;
  return text ? { ...m, body: text.in(lang) } : m;
}
