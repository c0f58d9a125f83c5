import { Text } from '../i18n/index.ts';
import { sql, type Db } from '../lib/sql.ts';
import { DEFAULT_RULES, type CandidateRules } from '../groups/candidates.ts';

/** The rules an admin switches per group, by the names stored in groups.offer_rules. */
export const RULE_NAMES = ['helper', 'language', 'fewest'] as const;
export type RuleName = (typeof RULE_NAMES)[number];

/** How a group calls its members for a waiting ticket (see src/offers/routing.ts). */
export interface OfferSettings {
  /** Seconds unclaimed before the first offer; 0: offers off. */
  offerAfter: number;
  /** Seconds an offer rings before it lapses. */
  offerRing: number;
  /** Rounds through every candidate before the second wave sees it. */
  offerRounds: number;
  /** The candidate rules switched on. */
  offerRules: RuleName[];
  /** The overflow group behind this one, if any. */
  overflowId: number | null;
  /** Seconds before the second wave sees a ticket anyway (0: only after the rounds, or when nobody here is available). */
  waveAfter: number;
}

export const OFFER_LIMITS = { after: 3600, ring: 300, rounds: 10, wave: 86_400 } as const;

const overflowGroup = sql("SELECT id FROM groups WHERE id = ? AND kind = 'overflow'");

/** The candidate order's switches for a group's settings. */
export function candidateRules(settings: Pick<OfferSettings, 'offerRules'>): CandidateRules {
  return {
    ...DEFAULT_RULES,
    lastHelperFirst: settings.offerRules.includes('helper'),
    byLanguage: settings.offerRules.includes('language'),
    fewestChatsFirst: settings.offerRules.includes('fewest'),
  };
}

/** The rules as stored (space-separated names), unknown names dropped. */
export function parseRules(stored: string): RuleName[] {
  return RULE_NAMES.filter((name) => stored.split(' ').includes(name));
}

/**
 * A group form's offer settings, checked (wrong ones are marked in `fields`). Boxes not ticked are
 * rules switched off; a form without the offer fields at all (an older page) keeps `current`.
 */
export function readOfferSettings(db: Db, form: Record<string, unknown>, fields: Record<string, Text>, current: OfferSettings | undefined, groupId?: number): OfferSettings {
  const number = (name: string, max: number, fallback: number, min = 0) => {
    const raw = form[name];
    if (raw === undefined) return fallback;
    const text = String(raw).trim();
    const value = Number(text);
    if (!/^\d{1,6}$/.test(text) || value < min || value > max) {
      fields[name] = new Text('admin.offers.numberInvalid', { min, max });
      return fallback;
    }
    return value;
  };
  const shown = form.offer_after !== undefined;
  const offerRules = shown ? RULE_NAMES.filter((name) => form[`rule_${name}`] !== undefined) : (current?.offerRules ?? [...RULE_NAMES]);
  const rawOverflow = String(form.overflow_id ?? (current?.overflowId ?? '')).trim();
  let overflowId: number | null = null;
  if (rawOverflow !== '') {
    const id = Number(rawOverflow);
    if (!Number.isSafeInteger(id) || id === groupId || overflowGroup.value(db, id) === undefined) fields.overflow_id = new Text('admin.offers.overflowInvalid');
    else overflowId = id;
  }
  return {
    offerAfter: number('offer_after', OFFER_LIMITS.after, current?.offerAfter ?? 30),
    offerRing: number('offer_ring', OFFER_LIMITS.ring, current?.offerRing ?? 20, 5),
    offerRounds: number('offer_rounds', OFFER_LIMITS.rounds, current?.offerRounds ?? 2, 1),
    offerRules, overflowId,
    waveAfter: number('wave_after', OFFER_LIMITS.wave, current?.waveAfter ?? 120),
  };
}

/** The settings as the form shows them. */
export function offerFormValues(settings: OfferSettings): Record<string, string> {
  return {
    offer_after: String(settings.offerAfter), offer_ring: String(settings.offerRing), offer_rounds: String(settings.offerRounds),
    overflow_id: settings.overflowId === null ? '' : String(settings.overflowId), wave_after: String(settings.waveAfter),
    ...Object.fromEntries(settings.offerRules.map((name) => [`rule_${name}`, 'on'])),
  };
}
