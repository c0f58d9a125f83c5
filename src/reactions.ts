import { mailReplyWhenAway } from './mail/reply.ts';
import { mailTranscript } from './mail/transcript.ts';
import type { WithinCommit } from './realtime/within.ts';
import { offersOnClaim, offersOnEntering, offersOnLeaving, offersOnReturn } from './offers/entering.ts';
import { slaOnClaim, slaOnEntering, slaOnLeaving, slaOnMessage } from './sla/timers.ts';

/**
 * What domains do in the same transaction as another domain's event, read top to bottom. The
 * emitting domain knows nothing of these: chat posts a message, mail decides whether to write.
 */
export const withinCommit: WithinCommit = {
  // A visitor who is not on their page hears of a supporter's reply by e-mail (throttled).
  'message.posted': [mailReplyWhenAway, slaOnMessage],
  // A visitor who left an address gets the transcript; nobody is called for it any more.
  'ticket.closed': [mailTranscript, offersOnLeaving, slaOnLeaving],
  // Routing: a ticket entering a line is offered after its group's delay; leaving it, it is not.
  // Service norms: claim while waiting, then the first reply, then each reply (src/sla/).
  'ticket.joined': [offersOnEntering, slaOnEntering],
  'ticket.released': [offersOnEntering, slaOnEntering],
  'ticket.rejoined': [offersOnEntering, slaOnEntering],
  'ticket.regrouped': [offersOnEntering, slaOnEntering],
  'ticket.claimed': [offersOnClaim, slaOnClaim],
  'ticket.left': [offersOnLeaving, slaOnLeaving],
  'ticket.away': [offersOnLeaving],
  'ticket.back': [offersOnReturn],
};
