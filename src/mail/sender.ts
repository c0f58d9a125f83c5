import type { Deps } from '../lib/deps.ts';
import { BATCH, deliverDue, whenMailQueued } from './outbox.ts';
import { mailTransport, type MailTransport } from './transport.ts';
import { log } from '../lib/log.ts';

/** How often the outbox is looked at anyway (retries come due, mail queued by another process). */
export const SEND_EVERY_MS = 5_000;
/** Freshly queued mail goes out this soon (the change that queued it has committed by then). */
const KICK_DELAY_MS = 100;

export interface MailSender {
  /** Send what is due soon, without waiting for the next tick. */
  kick(): void;
  /** Stops the timer, waits for a round in progress and closes the transport. */
  stop(): Promise<void>;
}

/**
 * Starts sending the outbox: a round every 5 s, and soon after mail is queued. Rounds never
 * overlap (a kick during a round asks for another round after it), and each round is bounded
 * (see deliverDue), so a slow or dead mail server delays mail, never the event loop.
 *
 * @example
 * const mail = startMailSender(deps); ... await mail.stop();
 */
export function startMailSender(deps: Deps, transport: MailTransport = mailTransport(deps.config)): MailSender {
  let round: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let soon: NodeJS.Timeout | null = null;

  const run = () => {
    if (stopped) return;
    if (round) { again = true; return; }
    round = deliverDue(deps, transport)
      // A full batch of sent mail means more may be waiting: go on at once rather than in 5 s.
      .then(({ sent }) => { if (sent >= BATCH) again = true; })
      .catch((error: unknown) => log.error({ error: (error as Error)?.name ?? 'error' }, 'the mail sender stumbled'))
      .finally(() => {
        round = null;
        if (again && !stopped) { again = false; setImmediate(run); }
      });
  };
  const timer = setInterval(run, SEND_EVERY_MS);
  timer.unref();

  const kick = () => {
    if (stopped || soon) return;
    soon = setTimeout(() => { soon = null; run(); }, KICK_DELAY_MS);
    soon.unref();
  };
  const stopListening = whenMailQueued(deps.db, kick);
  kick(); // whatever waited while Lineup was down

  return {
    kick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (soon) clearTimeout(soon);
      stopListening();
      await round;
      transport.close();
    },
  };
}
