import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../lib/paths.ts';
import { LANGUAGES, type Lang } from './languages.ts';
import type admin from './locales/en/admin.json';
import type desk from './locales/en/desk.json';
import type teamwork from './locales/en/teamwork.json';
import type visitor from './locales/en/visitor.json';

/**
 * The texts live in JSON, one file per language and area: ./locales/<lang>/<area>.json (the
 * format is in ./README.md). The areas: the visitor side, the supporters' desk, working together
 * on a ticket, and the admin pages. English entries carry a description for translators beside
 * each message; other languages hold the messages only.
 */
export const AREAS = ['visitor', 'desk', 'teamwork', 'admin'] as const;
export type Area = (typeof AREAS)[number];

/** Every key, typed from the English files: a key no English file has is a compile error. */
export type Key = keyof (typeof visitor & typeof desk & typeof teamwork & typeof admin);

/** An ICU message per key. No prototype, so a stored key like "toString" is simply not there. */
export type Messages = Record<string, string>;

export const LOCALES_DIR = path.join(ROOT, 'src', 'i18n', 'locales');

/**
 * One area's messages in one language, as its file holds them. Throws, naming the file and key,
 * on anything but a message (or, in English, a message with its description).
 */
export function readArea(dir: string, lang: string, area: Area): { messages: Messages; descriptions: Messages } {
  const file = path.join(dir, lang, `${area}.json`);
  const entries = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const messages: Messages = Object.create(null);
  const descriptions: Messages = Object.create(null);
  for (const [key, entry] of Object.entries(entries)) {
    if (lang !== 'en' && typeof entry === 'string') {
      messages[key] = entry;
    } else if (lang === 'en' && isDescribed(entry)) {
      messages[key] = entry.message;
      descriptions[key] = entry.description;
    } else {
      throw new Error(`${file}: "${key}" must be ${lang === 'en' ? 'an object with a message and a description' : 'a message string'}`);
    }
  }
  return { messages, descriptions };
}

function isDescribed(entry: unknown): entry is { message: string; description: string } {
  const e = entry as { message?: unknown; description?: unknown } | null;
  return typeof e === 'object' && e !== null && typeof e.message === 'string' && typeof e.description === 'string';
}

/** A language's messages from every area, in one flat catalogue. */
export function readCatalogue(dir: string, lang: string): Messages {
  return Object.assign(Object.create(null) as Messages, ...AREAS.map((area) => readArea(dir, lang, area).messages));
}

/** Every language's catalogue, read once at start-up (under 200 KB of JSON). */
export const CATALOGS: Record<Lang, Messages> = Object.fromEntries(
  LANGUAGES.map((lang) => [lang, readCatalogue(LOCALES_DIR, lang)]),
) as Record<Lang, Messages>;
