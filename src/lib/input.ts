import { Invalid } from './errors.ts';

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

export function requireText(fields: Record<string, string>, key: string, label: string, value: string, max: number) {
  if (!value) fields[key] = `${label} is required.`;
  else if ([...value].length > max) fields[key] = `${label} must be at most ${max} characters.`;
}

// Deliberately strict: an address that goes into mail headers later must not carry quotes,
// angle brackets, commas or line breaks.
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function checkEmail(fields: Record<string, string>, key: string, value: string, required: boolean) {
  if (!value) {
    if (required) fields[key] = 'E-mail is required.';
  } else if (value.length > 254 || !EMAIL.test(value)) {
    fields[key] = 'Enter an e-mail address like name@example.com.';
  }
}

export function throwIfInvalid(fields: Record<string, string>) {
  const keys = Object.keys(fields);
  if (keys.length) throw new Invalid(keys.map((k) => fields[k]).join(' '), fields);
}
