import { t, type Key, type Lang } from './index.ts';
import { countedForms } from './script-texts.ts';

/** The words widget.js puts on the host page (the button, the panel, the invitation). */
const WIDGET_KEYS = [
  'widget.chatWithUs', 'widget.chatNow', 'widget.noThanks', 'widget.moveHelp',
  'widget.mute', 'widget.unmute', 'widget.muteLabel', 'widget.unmuteLabel', 'widget.close', 'widget.chatWith', 'widget.answering',
] as const satisfies readonly Key[];

/** Counted in the browser: the badge's number of new replies. */
const WIDGET_COUNTED = ['widget.newReplies'] as const satisfies readonly Key[];

/**
 * widget.js's texts in one language, keyed without the `widget.` prefix; placeholders stay for the
 * script to fill, and a counted text comes as its plural forms (see countedForms).
 */
export function widgetTexts(lang: Lang): Record<string, string | Record<string, string>> {
  const name = (key: Key) => key.slice('widget.'.length);
  return Object.fromEntries([
    ...WIDGET_KEYS.map((key) => [name(key), t(lang, key)]),
    ...WIDGET_COUNTED.map((key) => [name(key), countedForms(lang, key)]),
  ]);
}
