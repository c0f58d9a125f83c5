import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMAIL_IN_HEADERS, NAME_IN_HEADERS, nameProblem, parseMailFrom } from '../../src/mail/addresses.ts';
import { escapeHtml } from '../../src/lib/render.ts';
import { makeTestApp } from '../helpers/app.ts';

const EMAIL_FORMAT = 'Enter an e-mail address like name@example.com.';

describe('names and addresses that would go into mail headers', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  const tickets = () => (t.deps.db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n;
  const join = (name: string, email: string) => t.agent().post('/tickets', { name, email, problem: 'The invoice total is wrong' });

  const refused: Array<[what: string, name: string, email: string, message: string]> = [
    ['a name with CR/LF and a Bcc header', 'Walt\r\nBcc: evil@example.com', '', NAME_IN_HEADERS],
    ['a name with a bare line feed', 'Walt\nX-Priority: 1', 'walt@example.com', NAME_IN_HEADERS],
    ['a name with quotes and an address', 'Walt "Boss" <evil@example.com>', '', NAME_IN_HEADERS],
    ['a name posing as a second mailbox', 'Walt <evil@example.com>', 'walt@example.com', NAME_IN_HEADERS],
    ['a name with a quote only', 'Walt "the boss"', '', NAME_IN_HEADERS],
    ['an e-mail address with CR/LF and a Bcc header', 'Walt', 'walt@example.com\r\nBcc: evil@example.com', EMAIL_IN_HEADERS],
    ['an e-mail address with a trailing line break', 'Walt', 'walt@example.com\n', EMAIL_IN_HEADERS],
    ['a list of addresses', 'Walt', 'walt@example.com, evil@example.com', EMAIL_FORMAT],
    ['a list without spaces', 'Walt', 'walt@example.com,evil@example.com', EMAIL_FORMAT],
    ['a quoted mailbox as the address', 'Walt', '"Walt" <walt@example.com>', EMAIL_FORMAT],
  ];

  for (const [what, name, email, message] of refused) {
    it(`refuses ${what} at intake with a clear message and opens no ticket`, async () => {
      const res = await join(name, email);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(escapeHtml(message));
      expect(tickets()).toBe(0);
    });
  }

  it('refuses the same over htmx, answering with the form and its message', async () => {
    const visitor = t.agent();
    const res = await visitor.post('/tickets', { name: 'Walt\r\nBcc: evil@example.com', email: '', problem: 'x' }, { htmx: true });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(NAME_IN_HEADERS);
    expect(tickets()).toBe(0);
  });

  it('accepts names that only look like markup, and ordinary names with accents, apostrophes and brackets', async () => {
    for (const name of ['<img src=x onerror=alert(1)>Walt', "Zoë O'Brien", 'Ann (billing)', 'walt@home']) {
      expect(nameProblem(name)).toBeNull();
    }
    const res = await join('<img src=x onerror=alert(1)>Walt', 'walt@example.com');
    expect(res.status).toBe(303);
    expect(tickets()).toBe(1);
  });

  it('reads MAIL_FROM once as one mailbox, and refuses anything else', () => {
    expect(parseMailFrom('Lineup Help <help@lineup.test>')).toEqual({ name: 'Lineup Help', address: 'help@lineup.test' });
    expect(parseMailFrom('help@lineup.test')).toEqual({ name: 'Lineup', address: 'help@lineup.test' });
    expect(parseMailFrom('Lineup <lineup@localhost>')).toEqual({ name: 'Lineup', address: 'lineup@localhost' });
    for (const bad of ['a@x.test, b@x.test', 'Lineup <help@lineup.test>\r\nBcc: evil@x.test', 'nobody', '']) {
      expect(() => parseMailFrom(bad)).toThrow(/MAIL_FROM must be one address/);
    }
  });
});
