/**
 * What the intake learns about a visitor's browser besides what they typed. Every value is a
 * hint the browser chose to send: anything malformed is dropped (null), never an error.
 */
export interface VisitorContext {
  /** The long-lived key from the visitor's cookie: earlier tickets and blocks go by it. */
  key: string;
  ip: string | null;
  agent: string | null;
  language: string | null;
  /** The browser's Accept-Language, bounded (the ticket keeps the languages it names: language/spoken.ts). */
  acceptLanguage: string | null;
  timezone: string | null;
  screen: string | null;
  cameFrom: string | null;
  currentPage: string | null;
}

export const VISITOR_LIMITS = { agent: 300, url: 500, timezone: 64 } as const;

const KEY = /^[A-Za-z0-9_-]{43}$/;
const LANGUAGE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/;
const SCREEN = /^\d{2,5}x\d{2,5}$/;
// Everything but tab, newline and the printable range, including DEL and the C1 controls.
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g;
const HAS_CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

/** A visitor key from a cookie, or null when it is missing or not one Lineup gave out. */
export function validVisitorKey(raw: string | undefined): string | null {
  return raw && KEY.test(raw) ? raw : null;
}

/**
 * Collects and cleans the visitor's browser hints for a new ticket.
 *
 * @example
 * visitorContext({ key, address: '203.0.113.5', userAgent: req.header('User-Agent'), acceptLanguage: 'de-DE,de;q=0.9', form })
 */
export function visitorContext(raw: {
  key: string; address: string; userAgent?: string; acceptLanguage?: string; form: Record<string, string | undefined>;
}): VisitorContext {
  return {
    key: raw.key,
    ip: knownAddress(raw.address),
    agent: cleanAgent(raw.userAgent),
    language: cleanLanguage(raw.form.language) ?? cleanLanguage(raw.acceptLanguage?.split(',')[0]?.split(';')[0]?.trim()),
    acceptLanguage: raw.acceptLanguage && raw.acceptLanguage.length <= 500 ? raw.acceptLanguage : null,
    timezone: cleanTimezone(raw.form.timezone),
    screen: raw.form.screen && SCREEN.test(raw.form.screen) ? raw.form.screen : null,
    cameFrom: cleanPageUrl(raw.form.came_from),
    currentPage: cleanPageUrl(raw.form.current_page),
  };
}

/** The peer address, unless the server could not tell (then it must never be stored or blocked). */
export function knownAddress(address: string | undefined): string | null {
  return address && address !== 'unknown' && address.length <= 64 ? address : null;
}

function cleanAgent(value: string | undefined): string | null {
  const text = (value ?? '').replace(CONTROL, '').trim();
  return text ? [...text].slice(0, VISITOR_LIMITS.agent).join('') : null;
}

function cleanLanguage(value: string | undefined): string | null {
  return value && LANGUAGE.test(value) ? value : null;
}

function cleanTimezone(value: string | undefined): string | null {
  if (!value || value.length > VISITOR_LIMITS.timezone) return null;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value;
  } catch {
    return null;
  }
}

/**
 * Only http(s) addresses are kept: a page address is shown as a link, and `javascript:` must never
 * become one. Sites put secrets into addresses (reset links, session ids, sign-in codes), so the
 * fragment and every query parameter named like one are dropped; the rest is kept as it came.
 */
export function cleanPageUrl(value: string | undefined): string | null {
  if (!value || value.length > VISITOR_LIMITS.url || HAS_CONTROL.test(value)) return null;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  } catch {
    return null;
  }
  const [beforeHash] = value.split('#', 1) as [string];
  const queryAt = beforeHash.indexOf('?');
  if (queryAt < 0) return beforeHash;
  const kept = beforeHash.slice(queryAt + 1).split('&').filter((pair) => pair && !looksSecret(paramName(pair)));
  return beforeHash.slice(0, queryAt) + (kept.length ? `?${kept.join('&')}` : '');
}

// Words of a parameter's name ("access_token", "resetCode", "X-Api-Key") that mark it as secret.
const SECRET_WORDS = new Set(['token', 'secret', 'password', 'passwd', 'pass', 'pwd', 'auth', 'authorization', 'session', 'sessionid',
  'sid', 'key', 'apikey', 'code', 'sig', 'signature', 'otp', 'jwt', 'ticket', 'email', 'mail', 'hash', 'nonce', 'state', 'credential']);

function looksSecret(name: string): boolean {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).some((word) => SECRET_WORDS.has(word));
}

function paramName(pair: string): string {
  const name = pair.split('=', 1)[0]!.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
