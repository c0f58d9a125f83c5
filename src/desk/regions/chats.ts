import { partial, render } from '../../lib/render.ts';
import { claimedTickets } from '../../line/tickets.ts';
import type { AudienceView, DeskRegion } from './region.ts';

/**
 * The supervisors' list of chats in progress, rebuilt once per event that starts, ends or moves
 * a chat and shared by every supervisor's desk (each page hides "Take over" on its own chats).
 */
const chatList = (_event: unknown, { deps, lang }: AudienceView) =>
  partial('#chats', 'outerHTML', render('desk/_chats', { chats: claimedTickets(deps.db), csrf: '', lang }));

export const chats = {
  snapshot: (data) => (data.chats ? partial('#chats', 'outerHTML', render('desk/_chats', { ...data, csrf: '' })) : ''),
  watchers: {
    'ticket.claimed': chatList,
    'ticket.closed': chatList,
    'ticket.released': chatList,
    'ticket.handed': chatList,
  },
} satisfies DeskRegion;
