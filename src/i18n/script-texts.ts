import { TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { CATALOGS, type Key } from './catalogue.ts';
import type { Lang } from './languages.ts';
import { parseMessage } from './messages.ts';

/**
 * A counted text for a page script, which knows the number only in the browser: one `{name}`
 * template per branch of the message's plural, keyed as ICU keys them ('=0', 'one', 'few',
 * 'other', ...), with `#` written as `{count}` (the plural's argument). The script picks
 * `forms['=' + n] ?? forms[new Intl.PluralRules(lang).select(n)] ?? forms.other`, as ICU does.
 *
 * @example
 * countedForms('en', 'widget.newReplies') // { one: 'Chat with us, {count} new reply', other: 'Chat with us, {count} new replies' }
 */
export function countedForms(lang: Lang, key: Key): Record<string, string> {
  // Asked for on every widget's start: each message is taken apart once.
  const id = `${lang} ${key}`;
  let forms = FORMS.get(id);
  if (!forms) FORMS.set(id, forms = formsOf(lang, key));
  return forms;
}

const FORMS = new Map<string, Record<string, string>>();

function formsOf(lang: Lang, key: Key): Record<string, string> {
  const ast = parseMessage(CATALOGS[lang][key] ?? CATALOGS.en[key]!);
  const plurals = ast.filter((el) => el.type === TYPE.plural);
  const plural = plurals[0];
  if (plurals.length !== 1 || !plural) throw new Error(`"${key}" in ${lang} must hold exactly one plural to be counted in a script`);
  const before = template(ast.slice(0, ast.indexOf(plural)), key);
  const after = template(ast.slice(ast.indexOf(plural) + 1), key);
  return Object.fromEntries(Object.entries(plural.options).map(([form, option]) => [form, before + template(option.value, key, plural.value) + after]));
}

/** Literal text and `{name}` arguments only: anything richer would need ICU in the browser. */
function template(elements: MessageFormatElement[], key: Key, counted?: string): string {
  return elements.map((el) => {
    if (el.type === TYPE.literal) return el.value;
    if (el.type === TYPE.argument) return `{${el.value}}`;
    if (el.type === TYPE.pound && counted) return `{${counted}}`;
    throw new Error(`"${key}" is too rich for a page script: only text, {name} and one plural`);
  }).join('');
}
