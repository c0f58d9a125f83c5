import { t, type Key, type Lang } from './index.ts';

/** The words widget.js puts on the host page (the button, the panel, the invitation). */
const WIDGET_KEYS = [
  'widget.chatWithUs', 'widget.newReply', 'widget.newReplies', 'widget.chatNow', 'widget.noThanks', 'widget.moveHelp',
  'widget.mute', 'widget.unmute', 'widget.muteLabel', 'widget.unmuteLabel', 'widget.close', 'widget.chatWith',
] as const satisfies readonly Key[];

/** widget.js's texts in one language, keyed without the `widget.` prefix; placeholders stay for the script to fill. */
export function widgetTexts(lang: Lang): Record<string, string> {
  return Object.fromEntries(WIDGET_KEYS.map((key) => [key.slice('widget.'.length), t(lang, key)]));
}
