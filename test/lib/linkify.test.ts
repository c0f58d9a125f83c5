import { describe, expect, it } from 'vitest';
import { linkify } from '../../src/lib/linkify.ts';

const link = (url: string) => `<a href="${url}" target="_blank" rel="noopener noreferrer">${url}</a>`;

describe('links in messages', () => {
  it('makes http and https addresses links that open in a new tab without the opener', () => {
    expect(linkify('See https://example.com/help?a=1&b=2 now')).toBe(`See ${link('https://example.com/help?a=1&amp;b=2')} now`);
    expect(linkify('http://intranet.example:8080/x')).toBe(link('http://intranet.example:8080/x'));
  });

  it('links mailto addresses', () => {
    expect(linkify('Write to mailto:help@example.com please')).toBe(`Write to ${link('mailto:help@example.com')} please`);
  });

  it('leaves trailing punctuation and unopened brackets outside the link', () => {
    expect(linkify('Go to https://example.com/a.')).toBe(`Go to ${link('https://example.com/a')}.`);
    expect(linkify('(see https://example.com/b)')).toBe(`(see ${link('https://example.com/b')})`);
    expect(linkify('https://en.wikipedia.org/wiki/Foo_(bar), ok?')).toBe(`${link('https://en.wikipedia.org/wiki/Foo_(bar)')}, ok?`);
    expect(linkify('"https://example.com/q"!')).toBe(`&quot;${link('https://example.com/q')}&quot;!`);
  });

  it('never links javascript:, data: or vbscript: addresses', () => {
    for (const text of ['javascript:alert(1)', 'JaVaScRiPt:alert(document.cookie)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', 'https://', 'mailto:', 'mailto:javascript:alert(1)']) {
      expect(linkify(text)).not.toContain('<a');
    }
    expect(linkify('data:text/html,<b>x</b>')).toBe('data:text/html,&lt;b&gt;x&lt;/b&gt;');
  });

  it('keeps a quote typed into an address inside the escaped attribute', () => {
    const html = linkify('https://x.example/"onmouseover=alert(1)');
    expect(html).toBe(link('https://x.example/&quot;onmouseover=alert(1)'));
    // The only attributes are the three we wrote: the quote cannot close href.
    const tag = html.match(/^<a ([^>]*)>/)![1]!;
    const attributes = tag.match(/[a-z-]+="[^"]*"/g)!;
    expect(attributes.join(' ')).toBe(tag);
    expect(attributes.map((a) => a.split('=')[0])).toEqual(['href', 'target', 'rel']);
  });

  it('escapes the text around links, and markup that merely looks like a link', () => {
    expect(linkify('<img src=x onerror=alert(1)> https://example.com <b>')).toBe(`&lt;img src=x onerror=alert(1)&gt; ${link('https://example.com')} &lt;b&gt;`);
    expect(linkify('<a href="https://evil.example">x</a>')).toBe(`&lt;a href=&quot;${link('https://evil.example')}&quot;&gt;x&lt;/a&gt;`);
    expect(linkify("it's & done\nnext line")).toBe('it&#39;s &amp; done\nnext line');
  });
});
