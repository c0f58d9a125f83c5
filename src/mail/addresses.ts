import addressparser from 'nodemailer/lib/addressparser';
import { Text } from '../i18n/index.ts';
import { checkEmail } from '../lib/input.ts';

/**
 * Names and addresses that end up in mail headers. They are always handed to nodemailer as
 * `{ name, address }` objects, which it quotes and encodes itself; nothing a visitor typed is ever
 * concatenated into a header line. On top of that, intake refuses what could only be an attempt
 * to pose as a header or a second recipient (Invariant 5).
 */
export interface Mailbox {
  name: string;
  address: string;
}

export const NAME_IN_HEADERS = 'Names cannot contain line breaks, quotes or e-mail addresses.';
export const EMAIL_IN_HEADERS = 'Enter one e-mail address, without line breaks.';

const LINE_BREAK = /[\r\n\u2028\u2029\u0085]/;
// `Walt <evil@example.com>` would read as a second mailbox; `<img src=x>Walt` is just a name.
const ADDRESS_PART = /<[^<>]*@[^<>]*>/;

/** Why a raw (uncleaned) name cannot go into a header, or null when it can. */
export function nameProblem(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  return LINE_BREAK.test(raw) || raw.includes('"') || ADDRESS_PART.test(raw) ? NAME_IN_HEADERS : null;
}

/** Why a raw e-mail address cannot go into a header, or null. (checkEmail does the strict format check.) */
export function emailProblem(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  return LINE_BREAK.test(raw) ? EMAIL_IN_HEADERS : null;
}

/**
 * The intake check, on the raw form values before any cleaning (cleaning would turn a CR/LF into
 * a space and hide the attempt). Adds a clear message per field.
 *
 * @example
 * checkHeaderFields(fields, { name: 'Walt\r\nBcc: x@y.z' }); // fields.name = NAME_IN_HEADERS
 */
export function checkHeaderFields(fields: Record<string, string | Text>, raw: { name?: unknown; email?: unknown }): void {
  if (nameProblem(raw.name)) fields.name = new Text('input.nameInHeaders');
  if (emailProblem(raw.email)) fields.email = new Text('input.emailInHeaders');
}

/** A plain address passes the same strict check as intake (no quotes, brackets, commas or spaces). */
export function isPlainAddress(address: string): boolean {
  const fields: Record<string, string> = {};
  checkEmail(fields, 'email', address, true);
  return !fields.email && !LINE_BREAK.test(address);
}

/**
 * A mailbox for a header: the address must be plain, the name one line without quotes
 * (anything else in a stored name is dropped rather than trusted). Throws when the address is not usable.
 */
export function mailbox(name: string | null | undefined, address: string): Mailbox {
  if (!isPlainAddress(address)) throw new Error('not a plain e-mail address');
  return { name: cleanName(name), address };
}

function cleanName(name: string | null | undefined): string {
  return (name ?? '').replace(/[\u0000-\u001F\u007F\u0085\u2028\u2029"]/g, ' ').replace(/<[^<>]*@[^<>]*>/g, ' ')
    .replace(/\s+/g, ' ').trim().slice(0, 80);
}

/**
 * The service's own sender from MAIL_FROM ("Lineup <help@example.com>" or "help@example.com").
 * Parsed once at start-up; a value that is not exactly one plain address stops Lineup with a clear error.
 */
export function parseMailFrom(mailFrom: string): Mailbox {
  const parsed = addressparser(mailFrom, { flatten: true });
  const only = parsed.length === 1 ? parsed[0] : undefined;
  // The operator's own setting: a host without a dot (lineup@localhost, the default) is allowed here.
  if (!only || !/^[^\s@<>",;:]+@[A-Za-z0-9.-]+$/.test(only.address) || LINE_BREAK.test(mailFrom)) {
    throw new Error(`MAIL_FROM must be one address like "Lineup <help@example.com>", got "${mailFrom}"`);
  }
  return { name: cleanName(only.name) || 'Lineup', address: only.address };
}
