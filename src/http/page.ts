import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { render } from '../lib/render.ts';
import type { AppEnv } from './env.ts';

/**
 * Answers with a rendered view and what every page needs: who reads it (`me`, the signed-in
 * supporter, when a guard let one through), the CSRF secret for its forms, the reader's
 * language and the team's look (`brand`). `data` may say otherwise (a widget page's signed token, a ticket page's language).
 *
 * @example
 * return page(c, 'canned/page', { replies }, 400);
 */
export function page(c: Context<AppEnv>, view: string, data: Record<string, unknown> = {}, status: ContentfulStatusCode = 200) {
  return c.html(render(view, { me: c.get('supporter'), csrf: c.get('csrf'), lang: c.get('lang'), brand: c.get('brand'), ...data }), status);
}
