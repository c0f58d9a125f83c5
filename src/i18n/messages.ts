import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';

/**
 * ICU messages (https://formatjs.github.io/docs/core-concepts/icu-syntax): `{name}`,
 * `{count, plural, one {...} other {...}}`, `{weekday, select, monday {...} other {...}}`.
 * Only catalogue texts are ever parsed; values are arguments and are never read as syntax.
 */

/** A message's syntax tree. Tags stay text: a `<` in a message is printed as it is. */
export function parseMessage(message: string): MessageFormatElement[] {
  return parse(message, { ignoreTag: true, requiresOtherClause: true });
}

/** How a message uses an argument: 'plain' for `{name}`, else its ICU type ('plural', 'select', ...). */
export type ArgumentKind = 'plain' | Exclude<keyof typeof TYPE, 'argument' | 'literal' | 'pound'>;

/**
 * Every argument a message uses, with how it uses it; nested branches included.
 *
 * @example
 * argumentsOf(parseMessage('{count, plural, one {# reply from {name}} other {# replies}}')) // Map { 'count' => 'plural', 'name' => 'plain' }
 */
export function argumentsOf(ast: MessageFormatElement[], found = new Map<string, ArgumentKind>()): Map<string, ArgumentKind> {
  for (const el of ast) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
    found.set(el.value, el.type === TYPE.argument ? 'plain' : (TYPE[el.type] as ArgumentKind));
    if (el.type === TYPE.plural || el.type === TYPE.select) {
      for (const option of Object.values(el.options)) argumentsOf(option.value, found);
    }
    if (el.type === TYPE.tag) argumentsOf(el.children, found);
  }
  return found;
}

/** A message ready to format many times, with the names of its plain `{name}` arguments. */
export interface Compiled {
  readonly formatter: IntlMessageFormat;
  readonly plain: readonly string[];
}

export function compile(lang: string, message: string): Compiled {
  const ast = parseMessage(message);
  const plain = [...argumentsOf(ast)].filter(([, kind]) => kind === 'plain').map(([name]) => name);
  return { formatter: new IntlMessageFormat(ast, lang), plain };
}
