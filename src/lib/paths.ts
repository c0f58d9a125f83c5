import fs from 'node:fs';
import path from 'node:path';

/**
 * The project folder (views/, public/, db/migrations/ live there). Found by walking up from this
 * module, so it is right both when run from src/ and from the bundle `npm start` builds.
 */
export const ROOT = (() => {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'views')) && fs.existsSync(path.join(dir, 'db', 'migrations'))) return dir;
    if (path.dirname(dir) === dir) throw new Error('cannot find the Lineup project folder');
  }
})();

/** True when running from the bundle built by `npm run build`. */
export const BUNDLED = import.meta.url.endsWith('.mjs');
