import fs from 'node:fs';
import path from 'node:path';

/**
 * Lineup's layers, bottom to top. A file may import from its own layer and from layers below it;
 * an import from a lower layer up is what the architecture test forbids and upward-imports.ts counts.
 *
 * - foundation: `lib/`, `i18n/` and `config.ts`: what every other file may use. Nothing here
 *   knows a domain, HTTP or the event stream.
 * - infrastructure: `realtime/` (events, the hub, streams) and `http/` (cookies, CSRF, forms,
 *   responses, the route table). They know no domain: domains plug into them.
 * - domain: every other folder (`line/`, `chat/`, `supporters/`, ...): the rules and the SQL.
 *   No domain module knows HTTP: none imports hono, `@hono/*` or `http/`.
 * - edge: a domain folder's HTTP side: `routes.ts`, `*-routes.ts`, and `guards.ts` (the
 *   middleware other folders' routes share, e.g. who is signed in, which ticket a token opens).
 * - top: `app.ts`, `server.ts`, `cli.ts`, `example.ts` (composing and starting Lineup, its tools and its demo shop) and `schema.ts` (every
 *   domain's tables, for drizzle).
 */
export const LAYERS = ['foundation', 'infrastructure', 'domain', 'edge', 'top'] as const;
export type Layer = typeof LAYERS[number];

const FOUNDATION = new Set(['lib', 'i18n']);
const INFRASTRUCTURE = new Set(['realtime', 'http']);
const TOP = new Set(['app.ts', 'server.ts', 'cli.ts', 'example.ts', 'schema.ts', 'reactions.ts']);

/** The layer of a file, given its path inside src/ (with forward slashes). */
export function layerOf(file: string): Layer {
  const [folder, ...rest] = file.split('/');
  if (rest.length === 0) return folder === 'config.ts' ? 'foundation' : TOP.has(folder!) ? 'top' : 'domain';
  if (FOUNDATION.has(folder!)) return 'foundation';
  if (INFRASTRUCTURE.has(folder!)) return 'infrastructure';
  return isEdge(file) ? 'edge' : 'domain';
}

/** A domain folder's HTTP side. */
export function isEdge(file: string): boolean {
  const name = path.posix.basename(file);
  return name === 'routes.ts' || name.endsWith('-routes.ts') || name === 'guards.ts';
}

export interface Import { from: string; to: string; line: number }

// `import x from '...'`, `import type {...} from '...'` (over several lines too), `export ... from '...'`,
// `import '...'` and `import('...')`.
const STATIC = /^[ \t]*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]|^[ \t]*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** Every module a source file names in its imports, as written. */
export function importsOf(source: string): { specifier: string; line: number }[] {
  const found: { specifier: string; line: number }[] = [];
  for (const match of source.matchAll(STATIC)) {
    const specifier = match[1] ?? match[2] ?? match[3]!;
    const at = match.index + match[0].length;
    found.push({ specifier, line: source.slice(0, at).split('\n').length });
  }
  return found;
}

/** The source files under `srcDir` (tests beside the code are not part of any layer). */
export function sourceFiles(srcDir: string): string[] {
  return fs.readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => /\.(ts|mts|mjs)$/.test(file) && !/\.test\.ts$/.test(file))
    .sort();
}

/**
 * Every import between files under `srcDir` (`to` inside src/ too), and every import of a
 * package (`to` is the package's name, e.g. `hono` or `@hono/node-server`).
 */
export function importGraph(srcDir: string): { local: Import[]; packages: Import[] } {
  const local: Import[] = [];
  const packages: Import[] = [];
  for (const from of sourceFiles(srcDir)) {
    const source = fs.readFileSync(path.join(srcDir, from), 'utf8');
    for (const { specifier, line } of importsOf(source)) {
      if (specifier.startsWith('.')) {
        local.push({ from, to: path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier)), line });
      } else if (!specifier.startsWith('node:')) {
        const parts = specifier.split('/');
        packages.push({ from, to: specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!, line });
      }
    }
  }
  return { local, packages };
}

/** Imports that run from a lower layer to a higher one. */
export function upwardImports(srcDir: string): Import[] {
  return importGraph(srcDir).local.filter((i) => LAYERS.indexOf(layerOf(i.to)) > LAYERS.indexOf(layerOf(i.from)));
}

/**
 * Imports of HTTP by the files of one layer: hono, `@hono/*`, or a file in `http/`. Domain
 * modules must have none (they know nothing of HTTP), and neither must the foundation (it is
 * below HTTP).
 */
export function httpImportsOf(srcDir: string, layer: Layer): Import[] {
  const { local, packages } = importGraph(srcDir);
  return [
    ...packages.filter((i) => layerOf(i.from) === layer && (i.to === 'hono' || i.to.startsWith('@hono/'))),
    ...local.filter((i) => layerOf(i.from) === layer && i.to.startsWith('http/')),
  ];
}

/** Groups of files that import each other in a circle (each group listed sorted), found with Tarjan's algorithm. */
export function importCycles(srcDir: string): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const { from, to } of importGraph(srcDir).local) {
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from)!.add(to);
  }
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string) => {
    index.set(file, next);
    low.set(file, next++);
    stack.push(file);
    onStack.add(file);
    for (const to of edges.get(file) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(file, Math.min(low.get(file)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(file, Math.min(low.get(file)!, index.get(to)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== file);
    if (group.length > 1) cycles.push(group.sort());
  };
  for (const file of edges.keys()) if (!index.has(file)) visit(file);
  return cycles;
}
