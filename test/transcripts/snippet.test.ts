import { describe, expect, it } from 'vitest';
import { snippetOf } from '../../src/transcripts/snippet.ts';

const marked = (s: string) => s.replace(/\u0002/g, '[').replace(/\u0003/g, ']');

describe('search excerpts', () => {
  it('mark every matched word, whatever its case or accents, and a word that starts with the prefix', () => {
    expect(marked(snippetOf('Your Refund for the CAFÉ order: refunds take 3 days', ['refund', 'cafe'], 'ord')))
      .toBe('Your [Refund] for the [CAFÉ] [order]: refunds take 3 days');
  });

  it('cut long messages around the first match, saying so with an ellipsis', () => {
    const words = Array.from({ length: 60 }, (_, i) => `w${i}`);
    words[30] = 'needle';
    const excerpt = marked(snippetOf(words.join(' '), ['needle'], null));
    expect(excerpt.startsWith('…w22 ')).toBe(true);
    expect(excerpt).toContain('[needle]');
    expect(excerpt.endsWith('…')).toBe(true);
  });

  it('leave markup-looking text alone (the page escapes it)', () => {
    expect(marked(snippetOf('<script>refund()</script>', ['refund'], null))).toBe('<script>[refund]()</script>');
  });
});
