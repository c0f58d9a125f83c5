import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../src/lib/paths.ts';

// A refusal or a field message is read by a person, so it is a Text (src/i18n), never a literal.
const ERROR_LITERAL = /new (?:Invalid|Conflict|Forbidden|NotFound|TooManyRequests|Unavailable|DomainError)\(\s*\d*,?\s*['"`]/;
const FIELD_LITERAL = /(?:fields|errors)\[[^\]]+\]\s*=\s*['"`]|requireText\([^,]+,[^,]+,\s*['"`]/;

export function literalMessages(source: string): number[] {
  return source.split('\n').flatMap((line, i) => (ERROR_LITERAL.test(line) || FIELD_LITERAL.test(line) ? [i + 1] : []));
}

const SOURCES = fs.readdirSync(path.join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts') && !file.startsWith('i18n/')).sort();

describe('the sources', () => {
  for (const file of SOURCES) {
    it(`give every refusal as a Text: ${file}`, () => {
      expect(literalMessages(fs.readFileSync(path.join(ROOT, 'src', file), 'utf8'))).toEqual([]);
    });
  }

  it('catches a literal message (the check itself works)', () => {
    expect(literalMessages("ok\nthrow new Conflict('Taken.');\nfields.name = x;\nrequireText(fields, 'name', 'Name', v, 80);")).toEqual([2, 4]);
  });
});
