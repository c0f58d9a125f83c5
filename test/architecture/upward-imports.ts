/**
 * Counts the imports that run from a lower layer up (layers: ./layers.ts), by pair of layers, and
 * the imports of HTTP by the foundation and by domain modules.
 *
 *   npx tsx test/architecture/upward-imports.ts [path/to/src] [--list]
 */
import path from 'node:path';
import { httpImportsOf, layerOf, upwardImports, type Import } from './layers.ts';

const args = process.argv.slice(2);
const srcDir = path.resolve(args.find((a) => !a.startsWith('--')) ?? path.join(import.meta.dirname, '../../src'));
const list = args.includes('--list');

const show = (imports: Import[]) => {
  if (list) for (const i of imports) console.log(`    ${i.from}:${i.line} -> ${i.to}`);
};

const upward = upwardImports(srcDir);
const pairs = new Map<string, Import[]>();
for (const i of upward) {
  const pair = `${layerOf(i.from)} -> ${layerOf(i.to)}`;
  pairs.set(pair, [...(pairs.get(pair) ?? []), i]);
}
console.log(`upward imports in ${srcDir}: ${upward.length}`);
for (const [pair, imports] of [...pairs].sort()) {
  console.log(`  ${pair}: ${imports.length}`);
  show(imports);
}
for (const layer of ['foundation', 'domain'] as const) {
  const http = httpImportsOf(srcDir, layer);
  console.log(`${layer} modules importing HTTP (hono, @hono/*, src/http/): ${http.length}`);
  show(http);
}
