import type { Key } from '../i18n/index.ts';

/** The placeholders a canned reply may use, with the text key of what each stands for (shown on the /canned page). */
export const PLACEHOLDERS: ReadonlyArray<readonly [placeholder: string, meaning: Key]> = [
  ['{visitor.name}', 'teamwork.placeholder.visitorName'],
  ['{visitor.first_name}', 'teamwork.placeholder.visitorFirstName'],
  ['{visitor.email}', 'teamwork.placeholder.visitorEmail'],
  ['{supporter.name}', 'teamwork.placeholder.supporterName'],
  ['{supporter.first_name}', 'teamwork.placeholder.supporterFirstName'],
  ['{ticket.id}', 'teamwork.placeholder.ticketId'],
];

export interface PlaceholderContext {
  ticket: { id: number; visitorName: string; visitorEmail: string | null };
  supporter: { name: string };
}

const firstWord = (name: string) => name.trim().split(/\s+/)[0] ?? '';

/** What each placeholder is filled with for this ticket and supporter. */
export function placeholderValues({ ticket, supporter }: PlaceholderContext): Record<string, string> {
  return {
    'visitor.name': ticket.visitorName,
    'visitor.first_name': firstWord(ticket.visitorName),
    'visitor.email': ticket.visitorEmail ?? '',
    'supporter.name': supporter.name,
    'supporter.first_name': firstWord(supporter.name),
    'ticket.id': String(ticket.id),
  };
}

/**
 * Fills `{placeholder}`s with plain text in one pass. A value is never read again, so a visitor
 * named "{supporter.name}" stays exactly that; an unknown placeholder, or one with no value
 * (a visitor without an e-mail), stays as typed for the supporter to see and edit before sending.
 *
 * @example
 * fillPlaceholders('Hi {visitor.name}', { 'visitor.name': 'Vera' }) // 'Hi Vera'
 */
export function fillPlaceholders(text: string, values: Record<string, string>): string {
  return text.replace(/\{([a-z_]+\.[a-z_]+)\}/g, (whole, key: string) =>
    (Object.hasOwn(values, key) && values[key] ? values[key]! : whole));
}
