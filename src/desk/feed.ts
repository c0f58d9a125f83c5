import type { Lang } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { DELIVERY, type EventType, type LineupEvent, type Reaction } from '../realtime/catalogue.ts';
import { memoFor } from '../realtime/memo.ts';
import { drawnFrom, showsAnything, type Drawn } from '../realtime/signals.ts';
import type { PublicSupporter } from '../supporters/accounts.ts';
import type { Role } from '../supporters/schema.ts';
import type { LineScope } from '../line/tickets.ts';
import { deskData } from './desk-data.ts';
import { account } from './regions/account.ts';
import { breaches } from './regions/breaches.ts';
import { complaints } from './regions/complaints.ts';
import { chats } from './regions/chats.ts';
import { conversation } from './regions/conversation.ts';
import { handover } from './regions/handover.ts';
import { line } from './regions/line.ts';
import { offers } from './regions/offers.ts';
import type { AudienceView, DeskRegion, OwnView } from './regions/region.ts';
import { tabBoxes } from './regions/tab-boxes.ts';
import { tabs } from './regions/tabs.ts';
import { team } from './regions/team.ts';
import { teamChat } from './regions/team-chat.ts';

export { deskData } from './desk-data.ts';

/** The desk's regions, in the order their parts of a frame (and of a reset) are written. */
export const DESK_REGIONS = [line, team, teamChat, tabs, conversation, tabBoxes, handover, offers, breaches, complaints, chats, account] as const;

/** Types no desk shows anything of (a session's end closes its pages' streams instead: see endsDesk). */
const NOT_ON_THE_DESK = ['hours.changed', 'session.ended'] as const satisfies readonly EventType[];

type ShownBy<R> = (R extends { everyone: infer M } ? keyof M : never) | (R extends { watchers: infer M } ? keyof M : never)
  | (R extends { addressed: infer M } ? keyof M : never);
type Undecided = Exclude<EventType, ShownBy<(typeof DESK_REGIONS)[number]> | (typeof NOT_ON_THE_DESK)[number]>;
/** Does not compile, and names the type, while a type is neither shown by a region nor listed as not on the desk. */
export const DESK_DECIDES_EVERY_TYPE: [Undecided] extends [never] ? true : { undecided: Undecided } = true;

type Phase = 'everyone' | 'watchers' | 'addressed';

type AnyReaction = Reaction<EventType, OwnView, string | Drawn>;

/** Each phase's reactions by type, gathered from the regions once (an event reaches thousands of desks). */
const REACTIONS = Object.fromEntries((['everyone', 'watchers', 'addressed'] as const).map((phase) => {
  const byType = new Map<EventType, AnyReaction[]>();
  for (const region of DESK_REGIONS as readonly DeskRegion[]) {
    for (const [type, reaction] of Object.entries(region[phase] ?? {})) {
      const list = byType.get(type as EventType) ?? [];
      byType.set(type as EventType, [...list, reaction as AnyReaction]);
    }
  }
  return [phase, byType];
})) as Record<Phase, Map<EventType, AnyReaction[]>>;

function drawn(phase: Phase, event: LineupEvent, view: AudienceView | OwnView): Drawn {
  return drawnFrom((REACTIONS[phase].get(event.type) ?? []).map((reaction) => reaction(event as never, view as OwnView)));
}

const NOTHING: Drawn = { html: '', signals: [] };

/**
 * Desks that show an event not addressed to their supporter exactly alike: what `deskRenderer`
 * gives for such an event depends on the language and on whether the desk watches the chats.
 * Live, such an event is rendered once per audience (see EventStreams.openStream).
 */
export function deskAudience(role: Role, lang: Lang, scope: LineScope): string {
  return `desk:${role === 'supporter' ? 'supporter' : 'watcher'}:${lang}:${scopeKey(scope)}`;
}

/** A scope as a word: the groups whose lines a desk shows, or `all`. */
const scopeKey = (scope: LineScope) => (scope === null ? 'all' : scope.join(','));

/**
 * How one event looks on one supporter's desk, in their language: HTML, and signals for the
 * desk's scripts. What every desk sees alike (the line, the team) is rendered once per event and
 * language, also for pages replaying what they missed; only a supporter's own tabs are rendered
 * for them alone.
 */
export function deskRenderer(deps: Deps, supporterId: number, role: Role = 'supporter', lang: Lang = 'en', scope: LineScope = null) {
  const memo = memoFor(deps, 'desk');
  const watches = role !== 'supporter';
  const audience: AudienceView = { deps, lang, scope, watches };
  const own: OwnView = { deps, lang, scope, watches, me: supporterId };
  const lines = scopeKey(scope);
  return (event: LineupEvent): Drawn | null => {
    const shared = memo.get(`shared:${event.id}:${lang}:${lines}:${watches}`, () => drawn('everyone', event, audience));
    const mine = event.supporterId === supporterId ? drawn('addressed', event, own) : NOTHING;
    const watching = watches && REACTIONS.watchers.has(event.type)
      ? memo.get(`chats:${event.id}:${lang}`, () => drawn('watchers', event, audience)) : NOTHING;
    const all = drawnFrom([shared, mine, watching]);
    return showsAnything(all) ? all : null;
  };
}

/** Every region of the desk redrawn from current state (a reset). */
export function deskSnapshot(deps: Deps, me: PublicSupporter, lang: Lang = 'en'): string {
  const data = deskData(deps, me, lang);
  return (DESK_REGIONS as readonly DeskRegion[]).map((region) => region.snapshot?.(data) ?? '').join('');
}

