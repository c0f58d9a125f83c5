import type { Deps } from '../lib/deps.ts';
import { Forbidden } from '../lib/errors.ts';
import { partial, render } from '../lib/render.ts';
import type { TicketView } from '../line/tickets.ts';
import { said, type Whispers } from '../realtime/whispers.ts';
import { inChat, participantsOf } from '../handover/participants.ts';
import { Text, type Lang } from '../i18n/index.ts';
import { ticketLanguage } from '../line/ticket-language.ts';

/** One side's typing is passed on at most this often, however often its page reports it. */
export const TYPING_PASS_MS = 1_000;

/**
 * "Vera is typing…" on the supporter's tab and "Ann is typing…" on the visitor's page. Pages
 * report typing every couple of seconds while keys are pressed; the indicator goes away by
 * itself a few seconds after the last report, or at once when that side's message arrives.
 */
export class Typing {
  private passed = new Map<string, number>();

  constructor(private deps: Deps, private whispers: Whispers) {}

  visitorTyping(ticket: TicketView): void {
    if (ticket.state !== 'claimed' || ticket.supporterId === null || !this.due(`v:${ticket.id}`)) return;
    // Each desk reads it in its supporter's language: made once per language, whoever is in the chat.
    const html = said((lang) => partial(`#typing-${ticket.id}`, 'innerHTML', this.line(ticket.visitorName, lang)));
    for (const id of participantsOf(this.deps.db, ticket.id, ticket.supporterId)) this.whispers.send(`desk:${id}`, html);
  }

  supporterTyping(ticket: TicketView, supporter: { id: number; name: string }): void {
    if (!inChat(this.deps.db, ticket, supporter.id)) {
      throw new Forbidden(new Text('desk.onlyInTicket'));
    }
    if (!this.due(`s:${ticket.id}`)) return;
    this.whispers.send(`ticket:${ticket.id}`, partial('#typing', 'innerHTML', this.line(supporter.name, ticketLanguage(this.deps.db, ticket.id))));
  }

  private line(name: string, lang: Lang): string {
    // The stamp tells the page this is a fresh report, so it keeps the indicator up a while longer.
    return render('chat/_typing', { name, stamp: this.deps.clock.now(), lang });
  }

  private due(key: string): boolean {
    const now = this.deps.clock.now();
    if (now - (this.passed.get(key) ?? -Infinity) < TYPING_PASS_MS) return false;
    // Entries are only needed for a second; clearing now and then keeps the map small.
    if (this.passed.size > 10_000) this.passed.clear();
    this.passed.set(key, now);
    return true;
  }
}
