import type { Deps } from '../lib/deps.ts';
import { render } from '../lib/render.ts';
import type { Lang } from '../i18n/index.ts';
import { memoFor } from '../realtime/memo.ts';
import { messageView, type MessageView } from './messages.ts';
import { forReader } from './system-lines.ts';

/**
 * A message as pages show it, read and rendered once per message and language for every page
 * that shows it: the visitor's page and the desks alike. Lineup's own lines are said in the
 * reader's language.
 */
export function messageHtml(deps: Deps, messageId: number, lang: Lang): string {
  return memoFor(deps, 'message').get(`${messageId}:${lang}`, () => {
    const m = messageView(deps.db, messageId);
    return m ? render('chat/_message', { m: forReader(m, lang), lang }) : '';
  });
}

/**
 * The text a message shows (chat/_message.eta applies the same rule): a file sent without a
 * caption carries its name as the message, and the file itself shows the name.
 */
export function captionOf(m: Pick<MessageView, 'body' | 'attachments'>): string {
  return m.attachments.length && m.body === m.attachments[0]!.name ? '' : m.body;
}
