import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * Hono's body limit, consulted only where a request's headers do not settle the question.
 * Hono's check reads `c.req.raw.body`, which makes @hono/node-server build a whole web Request
 * (headers, abort signal, body stream) for every request, body or not: under the benchmark's load
 * that was about a tenth of the server's CPU. A request with neither Content-Length nor
 * Transfer-Encoding has no body (RFC 9112, 6.3), and one with a Content-Length cannot send more
 * than it declared (Node's parser stops there), so both are judged by their headers alone. A
 * body sent in chunks, and any request not read off the wire (tests' in-process requests, where
 * a body need not declare its length), still goes through Hono's check, which counts the body.
 */
export function bodySizeLimit(maxSize: number, onError: (c: Context<any>) => Response | Promise<Response>): MiddlewareHandler<any> {
  const counted = bodyLimit({ maxSize, onError });
  return (c, next) => {
    const length = c.req.header('Content-Length');
    if (c.env?.incoming && c.req.header('Transfer-Encoding') === undefined) {
      if (length === undefined) return next();
      if (/^[0-9]{1,15}$/.test(length)) return Number(length) > maxSize ? Promise.resolve(onError(c)) : next();
    }
    return counted(c, next);
  };
}
