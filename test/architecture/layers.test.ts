import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { httpImportsOf, importCycles, importGraph, importsOf, layerOf, upwardImports, type Import } from './layers.ts';

const SRC = path.resolve(import.meta.dirname, '../../src');
const show = (imports: Import[]) => imports.map((i) => `${i.from}:${i.line} -> ${i.to}`);

// Imports that still run upward, each with why and whose step removes it. A new one fails the
// test; so does one that is gone (take it off the list, so the list stays true).
const KNOWN_UPWARD: Record<string, string> = {
  // Deps, which every domain function is handed, carries the hub; it moves with the step that
  // puts the process-wide state of realtime/ into an object the app owns.
  'lib/deps.ts -> realtime/hub.ts': 'Deps carries the event hub',
  // Deps carries the reactions that run inside a commit (their type lives with the catalogue).
  'lib/deps.ts -> realtime/within.ts': 'Deps carries the reactions within a commit',
};
// Known circles, likewise (both are only types, but a circle is a circle).
const KNOWN_CYCLES = [
  'lib/deps.ts realtime/events.ts realtime/hub.ts realtime/within.ts',
  'mail/outbox.ts mail/transport.ts',
  'chat/messages.ts chat/system-lines.ts',
];

/**
 * Lineup's layers (layers.ts): foundation (lib/, i18n/, config.ts) at the bottom; infrastructure
 * (realtime/, http/); the domains; each domain's HTTP edge (routes.ts, *-routes.ts, guards.ts);
 * app.ts, server.ts, cli.ts and schema.ts at the top.
 */
describe('the layers of src/', () => {
  const { local } = importGraph(SRC);
  const from = (layers: string[], to: string[]) => local.filter((i) => layers.includes(layerOf(i.from)) && to.includes(layerOf(i.to)));

  it('keep HTTP out of the domains: no domain module imports hono, @hono/* or src/http/', () => {
    expect(show(httpImportsOf(SRC, 'domain'))).toEqual([]);
  });

  it('keep HTTP out of the foundation: lib/, i18n/ and config.ts import no hono, @hono/* or src/http/', () => {
    expect(show(httpImportsOf(SRC, 'foundation'))).toEqual([]);
  });

  it('keep the foundation (lib/, i18n/, config.ts) from importing any domain or its routes', () => {
    expect(show(from(['foundation'], ['domain', 'edge']))).toEqual([]);
  });

  it('keep the infrastructure (realtime/, http/) from importing any domain or its routes', () => {
    expect(show(from(['infrastructure'], ['domain', 'edge']))).toEqual([]);
  });

  it('let no import run from a lower layer up, but the known ones', () => {
    const upward = upwardImports(SRC).map((i) => `${i.from} -> ${i.to}`);
    expect(upward.filter((i) => !(i in KNOWN_UPWARD)), 'new upward imports').toEqual([]);
    expect(Object.keys(KNOWN_UPWARD).filter((i) => !upward.includes(i)), 'gone: take them off KNOWN_UPWARD').toEqual([]);
  });

  it('have no new import circles', () => {
    const cycles = importCycles(SRC).map((group) => group.join(' '));
    expect(cycles.filter((c) => !KNOWN_CYCLES.includes(c)), 'new circles').toEqual([]);
    expect(KNOWN_CYCLES.filter((c) => !cycles.includes(c)), 'gone: take them off KNOWN_CYCLES').toEqual([]);
  });
});

describe('the import reader (the check itself works)', () => {
  it('finds static, type-only, multi-line, re-exported, bare and dynamic imports', () => {
    const source = [
      "import fs from 'node:fs';",
      "import type { Deps } from '../lib/deps.ts';",
      'import {',
      '  a,',
      "} from './a.ts';",
      "export * from './b.ts';",
      "import './c.ts';",
      "const d = await import('./d.ts');",
      "// import { nothing } from 'a comment';",
    ].join('\n');
    expect(importsOf(source)).toEqual([
      { specifier: 'node:fs', line: 1 }, { specifier: '../lib/deps.ts', line: 2 }, { specifier: './a.ts', line: 5 },
      { specifier: './b.ts', line: 6 }, { specifier: './c.ts', line: 7 }, { specifier: './d.ts', line: 8 },
    ]);
  });

  it('puts each file in its layer', () => {
    expect(['lib/web.ts', 'i18n/en.ts', 'config.ts', 'realtime/hub.ts', 'http/csrf.ts', 'line/claims.ts', 'desk/routes.ts',
      'visitor/details-routes.ts', 'line/guards.ts', 'app.ts', 'schema.ts'].map(layerOf)).toEqual([
      'foundation', 'foundation', 'foundation', 'infrastructure', 'infrastructure', 'domain', 'edge', 'edge', 'edge', 'top', 'top']);
  });
});
