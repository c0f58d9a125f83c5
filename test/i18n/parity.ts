import { TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import type { Messages } from '../../src/i18n/catalogue.ts';
import { argumentsOf, parseMessage } from '../../src/i18n/messages.ts';

const describeArguments = (ast: MessageFormatElement[]) =>
  [...argumentsOf(ast)].map(([name, kind]) => `${name}:${kind}`).sort().join(', ');

/** Every plural and select in a message, nested ones included. */
function choices(ast: MessageFormatElement[]): Array<{ kind: 'plural' | 'select'; name: string; options: string[] }> {
  return ast.flatMap((el) => {
    if (el.type !== TYPE.plural && el.type !== TYPE.select) return [];
    const nested = Object.values(el.options).flatMap((option) => choices(option.value));
    return [{ kind: el.type === TYPE.plural ? 'plural' as const : 'select' as const, name: el.value, options: Object.keys(el.options) }, ...nested];
  });
}

/** What is wrong with one message on its own in `lang`: it does not parse, or a choice cannot always choose. */
export function messageProblems(lang: string, key: string, message: string): string[] {
  let ast: MessageFormatElement[];
  try {
    ast = parseMessage(message);
  } catch (error) {
    return [`${lang} ${key}: does not parse (${(error as Error).message})`];
  }
  const categories = new Set(new Intl.PluralRules(lang).resolvedOptions().pluralCategories as string[]);
  return choices(ast).flatMap(({ kind, name, options }) => [
    ...(options.includes('other') ? [] : [`${lang} ${key}: the ${kind} of {${name}} has no "other"`]),
    ...(kind === 'plural' ? options.filter((o) => !o.startsWith('=') && !categories.has(o)).map((o) => `${lang} ${key}: "${o}" is no plural category of ${lang}`) : []),
  ]);
}

/**
 * What a translation does differently from English: keys missing or empty, keys English lacks,
 * messages that do not parse or cannot always choose, and arguments that differ in name or in
 * kind (plain, plural, select). An empty list means the translation is complete.
 */
export function parityProblems(english: Messages, lang: string, other: Messages): string[] {
  const problems: string[] = [];
  for (const [key, message] of Object.entries(english)) {
    const translated = other[key];
    if (!translated?.trim()) { problems.push(`${lang} ${key}: missing`); continue; }
    const own = messageProblems(lang, key, translated);
    problems.push(...own);
    if (own.length || messageProblems('en', key, message).length) continue;
    const [want, got] = [describeArguments(parseMessage(message)), describeArguments(parseMessage(translated))];
    if (want !== got) problems.push(`${lang} ${key}: arguments [${got}], English has [${want}]`);
  }
  for (const key of Object.keys(other)) if (!Object.hasOwn(english, key)) problems.push(`${lang} ${key}: not in English`);
  return problems;
}
