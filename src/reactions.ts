import { mailReplyWhenAway } from './mail/reply.ts';
import { mailTranscript } from './mail/transcript.ts';
import type { WithinCommit } from './realtime/within.ts';
import { offersOnClaim, offersOnEntering, offersOnLeaving, offersOnReturn } from './offers/entering.ts';

/**
 * What domains do in the same transaction as another domain's event, read top to bottom. The
 * emitting domain knows nothing of these: chat posts a message, mail decides whether to write.
 */
export const withinCommit: WithinCommit = {
  // A visitor who is not on their page hears of a supporter's reply by e-mail (throttled).
  'message.posted': [mailReplyWhenAway],
  // A visitor who left an address gets the transcript; nobody is called for it any more.
  'ticket.closed': [mailTranscript, offersOnLeaving],
  // Routing: a ticket entering a line is offered after its group's delay; leaving it, it is not.
  'ticket.joined': [offersOnEntering],
  'ticket.released': [offersOnEntering],
  'ticket.rejoined': [offersOnEntering],
  'ticket.regrouped': [offersOnEntering],
  'ticket.claimed': [offersOnClaim],
  'ticket.left': [offersOnLeaving],
  'ticket.away': [offersOnLeaving],
  'ticket.back': [offersOnReturn],
};
