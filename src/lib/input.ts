import { Text } from '../i18n/index.ts';
import { Invalid } from './errors.ts';

/** Field messages: plain English, or a Text a visitor reads in their language. */
type Fields = Record<string, string | Text>;

// Control characters are never meaningful in a chat and would let text pose as markup
// sentinels (search highlighting uses \u0002/\u0003) or break headers; tabs and newlines stay.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u2028\u2029]/g;

export function cleanText(value: unknown): string {
  if (typeof value !== 'string') return '';
  return value.replace(/\r\n?/g, '\n').replace(CONTROL, '').trim();
}

/** One line of text (names, subjects): no newlines at all. */
export function cleanLine(value: unknown): string {
  return cleanText(value).replace(/\s+/g, ' ');
}

export function requireText(fields: Fields, key: string, label: string | Text, value: string, max: number) {
  if (!value) fields[key] = new Text('input.required', { label });
  else if ([...value].length > max) fields[key] = new Text('input.tooLong', { label, max });
}

// Deliberately strict: an address that goes into mail headers later must not carry quotes,
// angle brackets, commas or line breaks.
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function checkEmail(fields: Fields, key: string, value: string, required: boolean) {
  if (!value) {
    if (required) fields[key] = new Text('input.emailRequired');
  } else if (value.length > 254 || !EMAIL.test(value)) {
    fields[key] = new Text('input.emailInvalid');
  }
}

export function throwIfInvalid(fields: Fields) {
  const keys = Object.keys(fields);
  if (keys.length) throw new Invalid(keys.map((k) => String(fields[k])).join(' '), fields);
}
