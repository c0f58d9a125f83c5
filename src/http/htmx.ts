import type { Context } from 'hono';

/** The request was sent by htmx: it wants a fragment (or a 204), not a whole page. */
export function isHtmx(c: Context): boolean {
  return c.req.header('HX-Request') === 'true';
}
