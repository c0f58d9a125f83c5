import { mailReplyWhenAway } from './mail/reply.ts';
import { mailTranscript } from './mail/transcript.ts';
import type { WithinCommit } from './realtime/within.ts';
import { offersOnClaim, offersOnEntering, offersOnLeaving, offersOnReturn } from './offers/entering.ts';
import { countOnJoin } from './forecast/arrivals.ts';
import { presenceOnChange } from './reports/presence-log.ts';
import { reportOnComplaint, reportOnTicket } from './reports/recording.ts';
import { slaOnClaim, slaOnEntering, slaOnLeaving, slaOnMessage } from './sla/timers.ts';

/**
 * What domains do in the same transaction as another domain's event, read top to bottom. The
 * emitting domain knows nothing of these: chat posts a message, mail decides whether to write.
 */
export const withinCommit: WithinCommit = {
  // A visitor who is not on their page hears of a supporter's reply by e-mail (throttled).
  'message.posted': [mailReplyWhenAway, slaOnMessage],
  // A visitor who left an address gets the transcript; nobody is called for it any more.
  // Reports take a ticket's figures as it ends, and again when a rating or complaint follows (src/reports/).
  'ticket.closed': [mailTranscript, offersOnLeaving, slaOnLeaving, reportOnTicket],
  // Routing: a ticket entering a line is offered after its group's delay; leaving it, it is not.
  // The forecast counts each new ticket in its hour.
  // Service norms: claim while waiting, then the first reply, then each reply (src/sla/).
  'ticket.joined': [offersOnEntering, slaOnEntering, countOnJoin],
  'ticket.released': [offersOnEntering, slaOnEntering],
  'ticket.rejoined': [offersOnEntering, slaOnEntering, reportOnTicket],
  'ticket.regrouped': [offersOnEntering, slaOnEntering],
  'ticket.claimed': [offersOnClaim, slaOnClaim],
  'ticket.left': [offersOnLeaving, slaOnLeaving, reportOnTicket],
  'ticket.rating': [reportOnTicket],
  'complaint.changed': [reportOnComplaint],
  // Hours online, available and on a break, for reports: logged as presence and status change.
  'supporter.status': [presenceOnChange],
  'supporter.presence': [presenceOnChange],
  'ticket.away': [offersOnLeaving],
  'ticket.back': [offersOnReturn],
};
