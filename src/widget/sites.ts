import { randomBytes } from 'node:crypto';
import type { Deps } from '../lib/deps.ts';
import { Invalid, NotFound } from '../lib/errors.ts';
import { cleanLine, requireText, throwIfInvalid } from '../lib/input.ts';
import { sql, type Db } from '../lib/sql.ts';
import { t, Text, type Lang } from '../i18n/index.ts';
import { accentProblem } from '../branding/brand.ts';
import { offeredTopics } from '../groups/topics.ts';

export const SITE_LIMITS = { name: 80, origins: 20, origin: 200, inviteSeconds: 3600, pattern: 300, greeting: 200, widgetName: 80, widgetGreeting: 120 } as const;
/** The greeting a site gets when the admin leaves it empty: in the admin's language (the visitors are theirs). */
export const defaultGreeting = (lang: Lang) => t(lang, 'admin.site.greetingDefault');

/** A site as the admin page and the widget routes see it. */
export interface Site {
  id: number;
  key: string;
  name: string;
  origins: string[];
  secret: string;
  inviteAfterSeconds: number | null;
  invitePattern: string;
  inviteGreeting: string;
  /** The widget's own look on this site, over the team's branding; empty: the team's. */
  widgetName: string;
  widgetAccent: string;
  widgetGreeting: string;
  /** Which topics the widget asks about here: '' every topic, 'none' none, else their ids (space-separated). */
  topics: string;
}

type SiteRow = Omit<Site, 'origins'> & { origins: string };
const COLUMNS = `id, key, name, origins, secret, invite_after_seconds AS inviteAfterSeconds, invite_pattern AS invitePattern, invite_greeting AS inviteGreeting,
  widget_name AS widgetName, widget_accent AS widgetAccent, widget_greeting AS widgetGreeting, topics`;

const siteWithKey = sql<SiteRow>(`SELECT ${COLUMNS} FROM sites WHERE key = +?`);
const siteWithId = sql<SiteRow>(`SELECT ${COLUMNS} FROM sites WHERE id = +?`);
const allSites = sql<SiteRow>(`SELECT ${COLUMNS} FROM sites ORDER BY name, id LIMIT 500`);
const insertSite = sql(`INSERT INTO sites (key, name, origins, secret, invite_after_seconds, invite_pattern, invite_greeting,
    widget_name, widget_accent, widget_greeting, topics, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`);
const updateSiteRow = sql(`UPDATE sites SET name = ?, origins = ?, invite_after_seconds = ?, invite_pattern = ?, invite_greeting = ?,
    widget_name = ?, widget_accent = ?, widget_greeting = ?, topics = ? WHERE id = ?`);
const setSecret = sql('UPDATE sites SET secret = ? WHERE id = ?');
const toSite = (row: SiteRow | undefined): Site | undefined => row && { ...row, origins: row.origins.split(' ').filter(Boolean) };

const KEY = /^[A-Za-z0-9_-]{16}$/;
const newKey = () => randomBytes(12).toString('base64url');
const newSecret = () => randomBytes(32).toString('hex');

/** The site behind a public key (data-site); an unknown or malformed key is not found. */
export function siteByKey(db: Db, key: string | undefined): Site {
  const site = key && KEY.test(key) ? toSite(siteWithKey.get(db, key)) : undefined;
  if (!site) throw new NotFound(new Text('admin.widget.noSite'));
  return site;
}

export function siteById(db: Db, id: number | null): Site {
  const site = id === null ? undefined : toSite(siteWithId.get(db, id));
  if (!site) throw new NotFound(new Text('admin.sites.notFound'));
  return site;
}

export function listSites(db: Db): Site[] {
  return (allSites.all(db)).map((r) => toSite(r)!);
}

/**
 * An origin as browsers send it: http(s), a host, an optional port, nothing else. Origins go
 * into a Content-Security-Policy header and are compared with postMessage origins, so anything
 * that is not exactly an origin (a path, a wildcard, a stray `;`) is refused.
 */
export function cleanOrigin(value: string): string | null {
  if (!value || value.length > SITE_LIMITS.origin) return null;
  try {
    const url = new URL(value);
    // Tickets' tokens are handed to the host page: only over https, except on this machine.
    const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) return null;
    // A wildcard host would be a pattern in the CSP but never equal a postMessage origin.
    if (!/^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/.test(url.hostname)) return null;
    return url.origin === value.replace(/\/$/, '') ? url.origin : null;
  } catch {
    return null;
  }
}

/** What an admin typed, checked: every field bounded, every origin an exact http(s) origin. */
function checkSiteInput(input: Record<string, string | undefined>, lang: Lang) {
  const fields: Record<string, Text> = {};
  const name = cleanLine(input.name);
  requireText(fields, 'name', new Text('field.name'), name, SITE_LIMITS.name);

  const words = cleanLine(input.origins).split(/[\s,]+/).filter(Boolean);
  const origins = [...new Set(words.map(cleanOrigin))];
  if (!words.length) fields.origins = new Text('admin.site.originsMissing');
  else if (origins.includes(null)) fields.origins = new Text('admin.site.originInvalid', { origin: words.find((w) => !cleanOrigin(w))! });
  else if (origins.length > SITE_LIMITS.origins) fields.origins = new Text('admin.site.originsTooMany', { max: SITE_LIMITS.origins });

  const delay = cleanLine(input.invite_after_seconds);
  let inviteAfterSeconds: number | null = null;
  if (delay) {
    inviteAfterSeconds = /^\d{1,5}$/.test(delay) ? Number(delay) : NaN;
    if (!(inviteAfterSeconds >= 1 && inviteAfterSeconds <= SITE_LIMITS.inviteSeconds)) {
      fields.invite_after_seconds = new Text('admin.site.delayInvalid', { max: SITE_LIMITS.inviteSeconds });
    }
  }
  const invitePattern = cleanLine(input.invite_pattern);
  if ([...invitePattern].length > SITE_LIMITS.pattern) fields.invite_pattern = new Text('admin.site.patternTooLong', { max: SITE_LIMITS.pattern });
  const inviteGreeting = cleanLine(input.invite_greeting) || defaultGreeting(lang);
  if ([...inviteGreeting].length > SITE_LIMITS.greeting) fields.invite_greeting = new Text('admin.site.greetingTooLong', { max: SITE_LIMITS.greeting });
  const widgetName = cleanLine(input.widget_name);
  if ([...widgetName].length > SITE_LIMITS.widgetName) fields.widget_name = new Text('admin.site.widgetNameTooLong', { max: SITE_LIMITS.widgetName });
  const widgetAccent = cleanLine(input.widget_accent).toLowerCase();
  const accentWrong = accentProblem(widgetAccent);
  if (accentWrong) fields.widget_accent = accentWrong;
  const widgetGreeting = cleanLine(input.widget_greeting);
  if ([...widgetGreeting].length > SITE_LIMITS.widgetGreeting) fields.widget_greeting = new Text('admin.site.widgetGreetingTooLong', { max: SITE_LIMITS.widgetGreeting });
  throwIfInvalid(fields);
  return { name, origins: (origins as string[]).join(' '), inviteAfterSeconds, invitePattern, inviteGreeting, widgetName, widgetAccent, widgetGreeting };
}

/**
 * The topics a site's form chose (a box `topic_<id>` per shown topic, and `topics_form` to say
 * the boxes were there): every one is '' (new topics join too), none is 'none'. Unknown ids are
 * ignored. A form without the boxes keeps `current`.
 */
function chosenTopics(db: Db, input: Record<string, string | undefined>, current: string): string {
  if (input.topics_form === undefined) return current;
  const shown = offeredTopics(db, 'en').map((topic) => topic.id);
  const chosen = shown.filter((id) => input[`topic_${id}`] !== undefined);
  return chosen.length === shown.length ? '' : chosen.length ? chosen.join(' ') : 'none';
}

/** The topics the widget asks about on this site, in the reader's language (none: it does not ask). */
export function siteTopics(db: Db, site: Pick<Site, 'topics'>, lang: Lang): Array<{ id: number; name: string }> {
  const all = offeredTopics(db, lang);
  if (site.topics === '') return all;
  const ids = new Set(site.topics.split(' ').map(Number));
  return all.filter((topic) => ids.has(topic.id));
}

/** A topic sent from this site's widget must be one it asks about (a forged or another site's is refused). */
export function checkSiteTopic(db: Db, site: Site, raw: unknown): void {
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (value && !siteTopics(db, site, 'en').some((topic) => String(topic.id) === value)) {
    throw new Invalid(new Text('intake.topicUnknown'), { topic: new Text('intake.topicUnknown') });
  }
}

/**
 * An admin adds a site; it gets a public key for the embed snippet and a secret for signed visitors.
 * An empty greeting becomes the default one in `lang`, the admin's language.
 *
 * @example
 * addSite(deps, { name: 'Shop', origins: 'https://shop.example', invite_after_seconds: '30' })
 */
export function addSite(deps: Deps, input: Record<string, string | undefined>, lang: Lang = 'en'): Site {
  const v = checkSiteInput(input, lang);
  const row = insertSite.get(deps.db, newKey(), v.name, v.origins, newSecret(), v.inviteAfterSeconds, v.invitePattern, v.inviteGreeting,
    v.widgetName, v.widgetAccent, v.widgetGreeting, chosenTopics(deps.db, input, ''), deps.clock.now()) as { id: number };
  return siteById(deps.db, row.id);
}

export function updateSite(deps: Deps, id: number | null, input: Record<string, string | undefined>, lang: Lang = 'en'): Site {
  const site = siteById(deps.db, id);
  const v = checkSiteInput(input, lang);
  updateSiteRow.run(deps.db, v.name, v.origins, v.inviteAfterSeconds, v.invitePattern, v.inviteGreeting, v.widgetName, v.widgetAccent, v.widgetGreeting,
    chosenTopics(deps.db, input, site.topics), site.id);
  return siteById(deps.db, site.id);
}

/** A new secret: identity tokens signed with the old one stop being trusted at once. */
export function regenerateSecret(deps: Deps, id: number | null): Site {
  const site = siteById(deps.db, id);
  setSecret.run(deps.db, newSecret(), site.id);
  return siteById(deps.db, site.id);
}

/** True when `origin` (from an Origin header or a postMessage) may embed this site's widget. */
export function allowsOrigin(site: Site, origin: string | undefined): boolean {
  return Boolean(origin) && site.origins.includes(origin!);
}
