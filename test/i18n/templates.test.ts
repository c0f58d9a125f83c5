import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../src/lib/paths.ts';

// The visitor side: every word a visitor reads comes from src/i18n. (The desk, the admin pages and
// the offline message mailed to the team are not translated yet.)
const VISITOR_TEMPLATES = [
  'layouts/base.eta', 'errors/page.eta', 'errors/_notice.eta', 'files/_attach.eta', 'chat/_message.eta', 'chat/_typing.eta',
  ...['intake', 'ticket', 'i18n'].flatMap((dir) => fs.readdirSync(path.join(ROOT, 'views', dir)).map((f) => `${dir}/${f}`)),
  'widget/intake.eta', 'widget/_form.eta', 'widget/ticket.eta', 'widget/blocked.eta',
  'mail/_button.eta', 'mail/_frame.eta', 'mail/transcript.html.eta', 'mail/transcript.txt.eta', 'mail/reply.html.eta', 'mail/reply.txt.eta',
];
/** Words that are not language: the brand, and the initial in its mark. */
const ALLOWED = new Set(['Lineup', 'L']);

/** Human text outside `<% %>` tags: text between HTML tags and readable attribute values. */
function hardCoded(source: string): string[] {
  const outside = source.replace(/<%[\s\S]*?%>/g, ' \u0000 ');
  const found: string[] = [];
  const text = outside.replace(/<!doctype[^>]*>/gi, ' ').replace(/<[^>]*>/g, (tag) => {
    for (const m of tag.matchAll(/\s(?:title|alt|placeholder|aria-label|label)="([^"]*)"/g)) found.push(m[1]!);
    return ' ';
  });
  found.push(...text.split(/[\u0000\n]/));
  return found.flatMap((piece) => piece.match(/\p{L}[\p{L}'’-]*/gu) ?? []).filter((word) => !ALLOWED.has(word));
}

describe('the visitor-side templates', () => {
  for (const file of VISITOR_TEMPLATES) {
    it(`hold no hard-coded words outside t(): ${file}`, () => {
      expect(hardCoded(fs.readFileSync(path.join(ROOT, 'views', file), 'utf8'))).toEqual([]);
    });
  }

  it('catches a hard-coded word (the check itself works)', () => {
    expect(hardCoded('<p>Hello <%= it.name %></p><img alt="A cat">')).toEqual(['A', 'cat', 'Hello']);
  });
});
