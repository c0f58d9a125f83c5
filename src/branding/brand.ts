import type { Deps } from '../lib/deps.ts';
import { Invalid, NotFound } from '../lib/errors.ts';
import { cleanLine } from '../lib/input.ts';
import { sql, type Db } from '../lib/sql.ts';
import { LANGUAGES, Text, type Lang } from '../i18n/index.ts';
import { sniffMime } from '../files/sniff.ts';
import { NOTICE_KINDS, type NoticeKind } from './schema.ts';

export const LOGO_MAX_BYTES = 200 * 1024;
const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp'];
export const TEAM_NAME_MAX = 80;
export const NOTICE_MAX = 2000;
/** WCAG 2 AA for normal text: the accent carries white button text and is the links' colour on the page. */
export const MIN_CONTRAST = 4.5;
/** What sits on and under the accent in Lineup's light colours (public/css/lineup.css): button text, page and card. */
const AGAINST = ['#ffffff', '#f6f5f1'];

export interface Brand {
  teamName: string;
  accent: string;
  hasLogo: boolean;
  version: number;
  notices: Record<Lang, Record<NoticeKind, string>>;
}

const row = sql<{ teamName: string; accent: string; hasLogo: number; version: number }>(`SELECT team_name AS teamName, accent,
  logo_bytes IS NOT NULL AS hasLogo, version FROM branding WHERE id = 1`);
const noticeRows = sql<{ lang: string; kind: NoticeKind; body: string }>('SELECT lang, kind, body FROM brand_notices LIMIT 100');
const ensureRow = sql('INSERT INTO branding (id) VALUES (1) ON CONFLICT (id) DO NOTHING');
const saveRow = sql('UPDATE branding SET team_name = ?, accent = ?, version = max(?, version + 1) WHERE id = 1');
const saveLogo = sql('UPDATE branding SET logo_mime = ?, logo_bytes = ?, version = max(?, version + 1) WHERE id = 1');
const saveNotice = sql(`INSERT INTO brand_notices (lang, kind, body) VALUES (?, ?, ?)
  ON CONFLICT (lang, kind) DO UPDATE SET body = excluded.body`);
const logoRow = sql<{ mime: string; bytes: Buffer }>('SELECT logo_mime AS mime, logo_bytes AS bytes FROM branding WHERE id = 1 AND version = +? AND logo_bytes IS NOT NULL');

// Read on every page: kept per database until a save here changes it (one process writes it).
const cache = new WeakMap<Db, Brand>();

/** The team's name, colour, logo and notices, as every visitor page shows them. */
export function currentBrand(db: Db): Brand {
  const known = cache.get(db);
  if (known) return known;
  const r = row.get(db);
  const notices = Object.fromEntries(LANGUAGES.map((lang) => [lang, { info: '', status: '' }])) as Brand['notices'];
  for (const n of noticeRows.all(db)) if ((LANGUAGES as readonly string[]).includes(n.lang)) notices[n.lang as Lang][n.kind] = n.body;
  const brand = { teamName: r?.teamName ?? '', accent: r?.accent ?? '', hasLogo: Boolean(r?.hasLogo), version: r?.version ?? 0, notices };
  cache.set(db, brand);
  return brand;
}

/** The contrast ratio of two '#rrggbb' colours (WCAG 2): from 1 (the same) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [la, lb] = [luminance(a), luminance(b)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * What is wrong with an accent colour ('' is none: Lineup's own), or null: it must be '#rrggbb',
 * and white text on it, and it on the page, must read at 4.5:1 or better (the message says its ratio).
 */
export function accentProblem(accent: string): Text | null {
  if (!accent) return null;
  if (!/^#[0-9a-f]{6}$/.test(accent)) return new Text('admin.branding.accentFormat');
  const ratio = Math.min(...AGAINST.map((other) => contrastRatio(accent, other)));
  return ratio < MIN_CONTRAST ? new Text('admin.branding.accentContrast', { colour: accent, ratio: ratio.toFixed(1), min: MIN_CONTRAST }) : null;
}

/**
 * Saves the name, the accent colour and the notices in every language, all or none. A colour is
 * refused (saying its ratio) when white text on it, or it on the page, reads below 4.5:1.
 */
export function saveBrand(deps: Deps, form: Record<string, string | undefined>): Brand {
  const fields: Record<string, Text> = {};
  const teamName = cleanLine(form.team_name);
  if ([...teamName].length > TEAM_NAME_MAX) fields.team_name = new Text('admin.branding.nameLong', { max: TEAM_NAME_MAX });
  const accent = (form.accent ?? '').trim().toLowerCase();
  const problem = accentProblem(accent);
  if (problem) fields.accent = problem;
  const notices: Array<[Lang, NoticeKind, string]> = [];
  for (const lang of LANGUAGES) {
    for (const kind of NOTICE_KINDS) {
      const name = `${kind}_${lang}`;
      const body = (form[name] ?? '').replace(/\r\n?/g, '\n').trim();
      if (body.length > NOTICE_MAX) fields[name] = new Text('admin.branding.noticeLong', { max: NOTICE_MAX });
      notices.push([lang, kind, body]);
    }
  }
  const first = Object.keys(fields)[0];
  if (first) throw new Invalid(fields[first]!, fields);
  deps.db.transaction(() => {
    ensureRow.run(deps.db);
    saveRow.run(deps.db, teamName, accent, deps.clock.now());
    for (const [lang, kind, body] of notices) saveNotice.run(deps.db, lang, kind, body);
  })();
  cache.delete(deps.db);
  return currentBrand(deps.db);
}

/** Sets the logo: a PNG, JPEG or WebP of at most 200 KB, told by its bytes (never SVG: it can carry script). */
export async function setLogo(deps: Deps, bytes: Uint8Array): Promise<void> {
  if (bytes.length === 0) throw new Invalid(new Text('admin.branding.logoChoose'));
  if (bytes.length > LOGO_MAX_BYTES) throw new Invalid(new Text('admin.branding.logoTooBig'));
  const mime = await sniffMime(bytes);
  if (!LOGO_TYPES.includes(mime)) throw new Invalid(new Text('admin.branding.logoType'));
  storeLogo(deps, mime, Buffer.from(bytes));
}

export function removeLogo(deps: Deps): void {
  storeLogo(deps, null, null);
}

function storeLogo(deps: Deps, mime: string | null, bytes: Buffer | null) {
  deps.db.transaction(() => {
    ensureRow.run(deps.db);
    saveLogo.run(deps.db, mime, bytes, deps.clock.now());
  })();
  cache.delete(deps.db);
}

/** The logo at its address (the brand's version): an old address is gone. */
export function logo(db: Db, version: number): { mime: string; bytes: Buffer } {
  const found = logoRow.get(db, version);
  if (!found) throw new NotFound(new Text('admin.branding.logoNone'));
  return found;
}

/** The stylesheet that gives Lineup an accent in light colours (dark colours keep their own, made for a dark page). */
export function accentCss(accent: string): string {
  return `@media not (prefers-color-scheme: dark) {\n  :root { --accent: ${accent}; --accent-ink: #ffffff; --accent-soft: color-mix(in srgb, ${accent} 14%, #ffffff); }\n}\n`;
}

/** The name visitors and mail see: the team's, else the sender name in MAIL_FROM. */
export function teamName(db: Db, fallback: string): string {
  return currentBrand(db).teamName || fallback;
}
