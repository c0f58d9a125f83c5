import { describe, expect, it } from 'vitest';
import { LANGUAGES, parts, say, t, Text } from '../../src/i18n/index.ts';
import { compile } from '../../src/i18n/messages.ts';

// Expected strings are computed through the translator (its `{name}` template, left unfilled),
// so that a re-worded translation does not break these tests; only the mechanics are pinned.
const template = (lang: (typeof LANGUAGES)[number], key: Parameters<typeof t>[1]) => t(lang, key);
const format = (lang: string, message: string, values: Record<string, string | number> = {}) => compile(lang, message).formatter.format(values);

describe('the translator', () => {
  it('fills placeholders as plain text and escapes nothing itself', () => {
    expect(t('en', 'system.joined', { name: '<b>Ann</b>' })).toBe(template('en', 'system.joined').replace('{name}', '<b>Ann</b>'));
    expect(t('en', 'system.joined', { name: '<b>Ann</b>' })).toContain('<b>Ann</b>');
    expect(t('ru', 'typing.line', { name: 'Анна' })).toBe(template('ru', 'typing.line').replace('{name}', 'Анна'));
  });

  it('never reads a value as ICU syntax: braces, plurals, quotes and # come out as typed', () => {
    for (const value of ['{count, plural, one {x}}', '{name}', "'{'", '#', '<b>', "It's {0} o'clock", '}{']) {
      for (const lang of LANGUAGES) {
        expect(t(lang, 'system.joined', { name: value })).toBe(template(lang, 'system.joined').replace('{name}', () => value));
        expect(parts(lang, 'ticket.talkingWith', { name: value }).find((p) => p.param)).toEqual({ text: value, param: true, name: 'name' });
      }
    }
  });

  it('keeps a placeholder that is not given, for page scripts that fill it in themselves', () => {
    expect(template('en', 'desk.tabs.unread')).toContain('{count}');
    expect(t('da', 'desk.tabs.titleWrote', { count: 2 })).toBe(template('da', 'desk.tabs.titleWrote').replace('{count}', '2'));
    expect(t('da', 'desk.tabs.titleWrote', { count: 2 })).toContain('{name}');
  });

  it('says a nested text in the same language', () => {
    expect(t('da', 'system.meeting', { name: new Text('system.yourSupporter'), url: 'https://m.example/x' }))
      .toBe(t('da', 'system.meeting', { name: t('da', 'system.yourSupporter'), url: 'https://m.example/x' }));
    expect(t('da', 'system.meeting', { name: new Text('system.yourSupporter'), url: 'https://m.example/x' })).not.toContain('{');
  });

  it('keeps a Text English when it is used as a string', () => {
    expect(String(new Text('message.empty'))).toBe(t('en', 'message.empty'));
    expect(say('ru', new Text('message.empty'))).toBe(t('ru', 'message.empty'));
    expect(say('ru', 'as typed')).toBe('as typed');
  });

  it('throws on a key no catalogue has (in tests; production falls back to English)', () => {
    expect(() => t('ru', 'no.such.key' as never)).toThrow(/no\.such\.key/);
  });

  it('cuts a text at its placeholders for templates that emphasise them', () => {
    const [before, after] = template('da', 'ticket.talkingWith').split('{name}');
    expect(parts('da', 'ticket.talkingWith', { name: 'Ann' })).toEqual([
      { text: before, param: false }, { text: 'Ann', param: true, name: 'name' }, { text: after, param: false },
    ].filter((p) => p.text !== ''));
  });

  it('keeps an empty value as a piece of its own, for templates that put markup there', () => {
    expect(parts('en', 'desk.line.theirTime', { time: '' }).filter((p) => p.param)).toEqual([{ text: '', param: true, name: 'time' }]);
  });

  it('counts with the plural forms each language has (Russian one, few, many)', () => {
    const ru = '{count, plural, one {# ответ} few {# ответа} many {# ответов} other {# ответа}}';
    expect([1, 2, 5, 11, 21, 22, 25, 0].map((count) => format('ru', ru, { count })))
      .toEqual(['1 ответ', '2 ответа', '5 ответов', '11 ответов', '21 ответ', '22 ответа', '25 ответов', '0 ответов']);
    const en = '{count, plural, =0 {none} one {# reply} other {# replies}}';
    expect([0, 1, 2].map((count) => format('en', en, { count }))).toEqual(['none', '1 reply', '2 replies']);
  });

  it('chooses a select branch, and other for anything else', () => {
    const message = '{weekday, select, monday {Monday at {time}} other {at {time}}}';
    expect(format('en', message, { weekday: 'monday', time: '9:00' })).toBe('Monday at 9:00');
    expect(format('en', message, { weekday: 'funday', time: '9:00' })).toBe('at 9:00');
  });

  it('counts canned replies as each language counts', () => {
    for (const lang of LANGUAGES) {
      for (const count of [1, 2, 5, 21]) {
        const counted = t(lang, 'teamwork.canned.count', { count });
        expect(counted).toContain(String(count));
        expect(counted).not.toMatch(/[{}#]/);
      }
    }
    // Russian needs all three forms of "reply" for whole numbers, as the three keys it replaced had.
    expect(new Set([1, 2, 5].map((count) => t('ru', 'teamwork.canned.count', { count }).replace(/\d+/, '')))).toHaveProperty('size', 3);
  });

  it('prints a tag in a message as text, never as markup it parsed', () => {
    expect(format('en', 'Put it before <body> and {name}', { name: 'Ann' })).toBe('Put it before <body> and Ann');
  });
});
