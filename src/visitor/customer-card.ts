/** The values a customer card URL template may use. */
export interface CardValues {
  'visitor.email': string | null;
  'visitor.name': string;
  'ticket.id': number;
  'visitor.key': string | null;
}

/**
 * The link to the visitor in an external customer system, from the configured template (see
 * CUSTOMER_CARD_URL). Each value is percent-encoded, so a name with `&`, `"` or `/` stays inside
 * its placeholder; the template is the admin's and is not changed. Null when no template is set.
 *
 * @example
 * customerCardUrl('https://crm.example/find?email={visitor.email}', { 'visitor.email': 'a+b@example.com', ... })
 * // 'https://crm.example/find?email=a%2Bb%40example.com'
 */
export function customerCardUrl(template: string, values: CardValues): string | null {
  if (!template) return null;
  return template.replace(/\{(visitor\.email|visitor\.name|ticket\.id|visitor\.key)\}/g,
    (_, name: keyof CardValues) => encodeURIComponent(String(values[name] ?? '')));
}
