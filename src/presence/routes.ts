import { clientAddress } from '../http/address.ts';
import type { AppContext } from '../http/env.ts';
import { table } from '../http/table.ts';
import type { Deps } from '../lib/deps.ts';
import type { EventStreams } from '../realtime/stream.ts';
import type { Whispers } from '../realtime/whispers.ts';
import { supporterGuards } from '../supporters/guards.ts';
import { endsStaffStream } from '../supporters/sessions.ts';
import type { Presence } from './presence.ts';

const ELSEWHERE = { answersPings: true, elsewhere: true } as const;

/**
 * Every staff page other than the desk (transcripts, canned replies, admin pages) holds this
 * stream: the supporter stays present, and keeps their tickets, while they look something up.
 * It shows nothing; it answers pings (views/layouts/_staff_nav.eta) and ends with the session.
 */
export function presenceRoutes(deps: Deps, { presence, whispers, streams }: { presence: Presence; whispers: Whispers; streams: EventStreams }) {
  const { supporter } = supporterGuards(deps);

  return [table('/staff', [
    ['GET', '/stream', supporter, openStream],
  ])];

  function openStream(c: AppContext) {
    const me = c.get('supporter');
    const lang = c.get('lang');
    let stopWhispers = () => {};
    return streams.openStream({
      subscription: { topics: [], supporterId: me.id },
      cursor: c.req.header('Last-Event-ID') ?? c.req.query('after'),
      render: () => null,
      snapshot: () => '',
      endsWith: endsStaffStream(me.id, me.sessionId),
      request: c.req.raw,
      outgoing: c.env?.outgoing,
      address: clientAddress(c),
      lang,
      onOpen: (push) => {
        // Pings reach every page of the supporter's under one name (see Presence.ping).
        stopWhispers = whispers.join(`desk:${me.id}`, push, lang);
        presence.connected('supporter', me.id, ELSEWHERE);
      },
      onClose: () => {
        stopWhispers();
        presence.disconnected('supporter', me.id, ELSEWHERE);
      },
    });
  }
}
