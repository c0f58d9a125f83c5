import pino from 'pino';

/**
 * Lineup's log: one JSON line per request and per notable event (pino), at the level LOG_LEVEL
 * says (default info; `silent` for none). What goes in is chosen field by field, never a whole
 * request or event: no visitor token, password, session id, reset link or message text is ever
 * logged (paths are logged with their secrets taken out: see `redactedPath`).
 */
export const log = pino({
  level: process.env.LOG_LEVEL || 'info',
  base: { service: 'lineup' },
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
});

/**
 * A request path fit for a log line: secrets and ids that address one visitor are replaced by
 * the route's words (`/t/:token`, `/w/:key`, `/set-password/:token`), and the query is dropped (a search may hold
 * anything a supporter typed).
 *
 * @example
 * redactedPath('/t/hR7x.../files/3?x=1') // '/t/:token/files/3'
 */
export function redactedPath(path: string): string {
  return path.split('?')[0]!
    .replace(/^\/w\/[^/]+/, '/w/:key')
    .replace(/^\/set-password\/[^/]+/, '/set-password/:token')
    .replace(/(^|\/)t\/[^/]+/, '$1t/:token')
    .slice(0, 200);
}
