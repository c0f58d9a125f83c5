import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** What axe-core finds on a page (or a frame) that is critical or serious, and whether it has exactly one h1. */
export async function audit(target: Page | Frame, name: string): Promise<string[]> {
  await target.evaluate(AXE);
  const found = await target.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return {
      violations: result.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')
        .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`),
      h1: document.querySelectorAll('h1').length,
    };
  });
  return [...found.violations.map((v) => `${name}: ${v}`), ...(found.h1 === 1 ? [] : [`${name}: ${found.h1} h1 elements`])];
}
