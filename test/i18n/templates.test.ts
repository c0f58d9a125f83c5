import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../src/lib/paths.ts';

// Every word a person reads, visitor or supporter, comes from src/i18n.
const TEMPLATES = fs.readdirSync(path.join(ROOT, 'views'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.eta')).sort();
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

describe('the templates', () => {
  for (const file of TEMPLATES) {
    it(`hold no hard-coded words outside t(): ${file}`, () => {
      expect(hardCoded(fs.readFileSync(path.join(ROOT, 'views', file), 'utf8'))).toEqual([]);
    });
  }

  it('catches a hard-coded word (the check itself works)', () => {
    expect(hardCoded('<p>Hello <%= it.name %></p><img alt="A cat">')).toEqual(['A', 'cat', 'Hello']);
  });
});
