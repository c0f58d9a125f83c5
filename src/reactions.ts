import { mailReplyWhenAway } from './mail/reply.ts';
import { mailTranscript } from './mail/transcript.ts';
import type { WithinCommit } from './realtime/within.ts';

/**
 * What domains do in the same transaction as another domain's event, read top to bottom. The
 * emitting domain knows nothing of these: chat posts a message, mail decides whether to write.
 */
export const withinCommit: WithinCommit = {
  // A visitor who is not on their page hears of a supporter's reply by e-mail (throttled).
  'message.posted': [mailReplyWhenAway],
  // A visitor who left an address gets the transcript.
  'ticket.closed': [mailTranscript],
};
