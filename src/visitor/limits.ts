import type { Limits } from '../config.ts';
import { Text } from '../i18n/index.ts';
import type { Clock } from '../lib/clock.ts';
import { TooManyRequests } from '../lib/errors.ts';
import { WindowLimit } from '../lib/rate-limit.ts';

/**
 * How often the public side may start tickets and send messages, per client address and per
 * visitor (browser key) or ticket, so that one script cannot fill the line or a conversation.
 * A refusal is a 429 saying when to try again; nothing is counted for what was refused. Kept in
 * memory: a restart forgets, which errs towards letting people through.
 */
export class PublicLimits {
  private ticketsByAddress: WindowLimit;
  private ticketsByVisitor: WindowLimit;
  private messagesByTicket: WindowLimit;
  private messagesByAddress: WindowLimit;

  constructor(clock: Clock, limits: Limits) {
    this.ticketsByAddress = new WindowLimit(clock, limits.ticketsPerAddress);
    this.ticketsByVisitor = new WindowLimit(clock, limits.ticketsPerVisitor);
    this.messagesByTicket = new WindowLimit(clock, limits.messagesPerTicket);
    this.messagesByAddress = new WindowLimit(clock, limits.messagesPerAddress);
  }

  /** A new ticket or offline message from this address and browser; throws TooManyRequests past either limit. */
  newTicket(address: string, visitorKey: string): void {
    const wait = Math.max(this.ticketsByAddress.wait(address), this.ticketsByVisitor.wait(visitorKey));
    if (wait) throw new TooManyRequests(new Text('limits.tickets', { minutes: Math.ceil(wait / 60) }), wait);
    this.ticketsByAddress.take(address);
    this.ticketsByVisitor.take(visitorKey);
  }

  /** A visitor's message (or file) in a ticket; throws TooManyRequests past the ticket's or the address's limit. */
  message(address: string, ticketId: number): void {
    const key = String(ticketId);
    const wait = Math.max(this.messagesByTicket.wait(key), this.messagesByAddress.wait(address));
    if (wait) throw new TooManyRequests(new Text('limits.messages', { seconds: wait }), wait);
    this.messagesByTicket.take(key);
    this.messagesByAddress.take(address);
  }
}

/** The intake form's hidden field a person never sees, so never fills (views/intake/_trap.eta). */
export const TRAP_FIELD = 'homepage';

/**
 * Whether an intake form was sent the way a script sends one: its hidden field filled in, or
 * (with a minimum fill time set) sent sooner after the form was drawn than a person could.
 * No third-party CAPTCHA: nothing leaves the server.
 */
export function looksScripted(form: Record<string, string>, now: number, minSeconds: number): boolean {
  if ((form[TRAP_FIELD] ?? '') !== '') return true;
  if (minSeconds === 0) return false;
  const opened = Number(form.opened);
  return !Number.isSafeInteger(opened) || now - opened < minSeconds * 1000;
}
