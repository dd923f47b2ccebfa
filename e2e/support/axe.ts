/**
 * axe-core run inside a panel frame, for the accessibility check (e2e/a11y.e2e.ts). The source
 * is evaluated through the debugging protocol rather than added as a script tag: the panel is
 * an extension page whose CSP allows only its own scripts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The WCAG 2.0 and 2.1 A and AA rules: what the panel promises. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string; summary: string }>;
}

interface AxeResults {
  passes: unknown[];
  violations: Array<{
    id: string;
    impact?: string | null;
    help: string;
    nodes: Array<{ target: unknown[]; failureSummary?: string }>;
  }>;
}

interface AxeGlobal {
  axe?: { run(context: Document, options: object): Promise<AxeResults> };
}

export interface Audit {
  /** How many rules found something to check and passed: a run that checked nothing is no pass. */
  passed: number;
  violations: Violation[];
}

/**
 * Axe's own advice beyond WCAG (a page has one `main` landmark, all its content is in
 * landmarks, headings in order): checked on the extension's pages that are whole pages.
 */
export const BEST_PRACTICE = 'best-practice';

/** Runs the WCAG A/AA rules (and `extraTags`) over `frame` as it is now. */
export async function audit(frame: Frame, extraTags: readonly string[] = []): Promise<Audit> {
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(AXE_SOURCE);
  return frame.evaluate(
    async (tags) => {
      const { axe } = window as unknown as AxeGlobal;
      if (!axe) throw new Error('axe-core did not load in the panel');
      const results = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      const violations = results.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact ?? null,
        help: violation.help,
        nodes: violation.nodes.map((node) => ({
          target: node.target.map(String).join(' >>> '),
          summary: (node.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
        })),
      }));
      return { passed: results.passes.length, violations };
    },
    [...TAGS, ...extraTags],
  );
}

/** The violations as lines a person can act on: rule, impact, element, what is wrong. */
export function describeViolations(state: string, violations: readonly Violation[]): string {
  const lines = violations.flatMap((violation) => [
    `${violation.id} (${violation.impact ?? 'no impact'}): ${violation.help}`,
    ...violation.nodes.map((node) => `  at ${node.target}\n    ${node.summary}`),
  ]);
  return `${violations.length} accessibility violation(s) in ${state}:\n${lines.join('\n')}`;
}
