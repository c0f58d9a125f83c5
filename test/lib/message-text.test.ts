import { describe, expect, it } from 'vitest';
import { bodyHtml, plainHtml as linkify, richHtml } from '../../src/lib/message-text.ts';

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

  it('keeps a quote typed into an address out of the attribute', () => {
    const html = linkify('https://x.example/"onmouseover=alert(1)');
    expect(html).toBe(`${link('https://x.example/')}&quot;onmouseover=alert(1)`);
    // The only attributes are the three we wrote: the quote cannot close href.
    const tag = html.match(/^<a ([^>]*)>/)![1]!;
    const attributes = tag.match(/[a-z-]+="[^"]*"/g)!;
    expect(attributes.join(' ')).toBe(tag);
    expect(attributes.map((a) => a.split('=')[0])).toEqual(['href', 'target', 'rel']);
  });

  it('links addresses typed without a scheme over https, and bare e-mail addresses', () => {
    const to = (url: string, text: string) => `<a href="${url}" target="_blank" rel="noopener noreferrer">${text}</a>`;
    expect(linkify('See www.example.com/help.')).toBe(`See ${to('https://www.example.com/help', 'www.example.com/help')}.`);
    expect(linkify('try example.org today')).toBe(`try ${to('https://example.org', 'example.org')} today`);
    expect(linkify('write to vera@example.com, thanks')).toBe(`write to ${to('mailto:vera@example.com', 'vera@example.com')}, thanks`);
    // File names are not addresses: only real top-level domains count.
    expect(linkify('open report.txt and index.html')).toBe('open report.txt and index.html');
    // ftp and protocol-relative addresses stay text.
    expect(linkify('ftp://files.example.com and //evil.example/x')).not.toContain('<a');
  });

  it('escapes the text around links, and markup that merely looks like a link', () => {
    expect(linkify('<img src=x onerror=alert(1)> https://example.com <b>')).toBe(`&lt;img src=x onerror=alert(1)&gt; ${link('https://example.com')} &lt;b&gt;`);
    expect(linkify('<a href="https://evil.example">x</a>')).toBe(`&lt;a href=&quot;${link('https://evil.example')}&quot;&gt;x&lt;/a&gt;`);
    expect(linkify("it's & done\nnext line")).toBe('it&#39;s &amp; done\nnext line');
  });
});

describe('supporters\' light formatting', () => {
  it('renders bold, italics, lists, inline code and line breaks', () => {
    expect(richHtml('**Done** and *soon*, run `npm test`')).toBe('<p><strong>Done</strong> and <em>soon</em>, run <code>npm test</code></p>');
    expect(richHtml('Steps:\n- one\n- two\n\n1. first\n2. second')).toBe('<p>Steps:</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<ol>\n<li>first</li>\n<li>second</li>\n</ol>');
    expect(richHtml('line one\nline two')).toBe('<p>line one<br>\nline two</p>');
  });

  it('makes links only through the same rules as plain text', () => {
    expect(richHtml('[our help](https://help.example.com) or www.example.com')).toBe(
      '<p><a href="https://help.example.com" target="_blank" rel="noopener noreferrer">our help</a> or <a href="https://www.example.com" target="_blank" rel="noopener noreferrer">www.example.com</a></p>');
    for (const text of ['[x](javascript:alert(1))', '[x](JAVASCRIPT:alert(1))', '[x](data:text/html,<script>alert(1)</script>)', '[x](vbscript:msgbox(1))', '<javascript:alert(1)>', '[x](mailto:javascript:alert(1))']) {
      expect(richHtml(text)).not.toContain('<a');
    }
  });

  it('keeps HTML, images, headings, quotes and code blocks as text', () => {
    expect(richHtml('<img src=x onerror=alert(1)><script>alert(1)</script>')).toBe('<p>&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(richHtml('# Big\n> quoted\n---')).not.toMatch(/<h1|<blockquote|<hr/);
    expect(richHtml('![pic](https://x.example/a.png)')).not.toContain('<img');
    expect(richHtml('    indented code')).not.toContain('<pre');
    expect(richHtml('a "quote" & <b>')).toBe('<p>a &quot;quote&quot; &amp; &lt;b&gt;</p>');
  });

  it('formats supporters\' messages and notes only: visitors and Lineup\'s own lines stay plain', () => {
    expect(bodyHtml('supporter', '**yes**')).toBe('<p><strong>yes</strong></p>');
    expect(bodyHtml('note', '*later*')).toBe('<p><em>later</em></p>');
    expect(bodyHtml('visitor', '**yes** <b>')).toBe('**yes** &lt;b&gt;');
    expect(bodyHtml('system', '*x*')).toBe('*x*');
  });

  it('renders hostile bodies at the message limit without running away', () => {
    for (const text of ['*'.repeat(4000), '['.repeat(4000), '`'.repeat(4000), '**a'.repeat(1333), '[a]('.repeat(800), '- '.repeat(2000), '_a'.repeat(2000)]) {
      expect(richHtml(text)).not.toContain('<script');
    }
  });
});
