import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { AxeResults, Result, RunOptions } from 'axe-core';

/** axe-core's browser build, read once and evaluated in each page that is checked. */
let axeSource: string | undefined;
function source(): string {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

/** Options of {@link axeViolations}. */
export interface AxeCheckOptions {
  /** CSS selector of the part of the page to check. @default the whole document */
  include?: string;
  /** Rule ids to leave out (say why where it is used). */
  disableRules?: string[];
}

/** One violation, in a form that reads well in a failed assertion. */
export interface AxeFinding {
  id: string;
  impact: string | null | undefined;
  help: string;
  nodes: { target: string; summary: string | undefined }[];
}

/**
 * Runs axe-core in the page (WCAG 2.0/2.1/2.2 A and AA rules and best practices, plus the
 * experimental `label-content-name-mismatch`) and returns its violations.
 */
export async function axeViolations(page: Page, options: AxeCheckOptions = {}): Promise<Result[]> {
  // Evaluated rather than added with addScriptTag: the app's Content-Security-Policy (script-src
  // 'self') rightly blocks inline script tags, but not what the test runner evaluates.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${source()}\n;void 0`);
  const runOptions: RunOptions = {
    resultTypes: ['violations'],
    rules: {
      'label-content-name-mismatch': { enabled: true },
      ...Object.fromEntries((options.disableRules ?? []).map((id) => [id, { enabled: false }])),
    },
  };
  const results = await page.evaluate(
    ([include, opts]) => {
      const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<AxeResults> } }).axe;
      return axe.run(include ? { include: [include] } : document, opts);
    },
    [options.include ?? null, runOptions] as const,
  );
  return results.violations;
}

/** The violations of serious or critical impact, summarised. */
export function seriousFindings(violations: Result[]): AxeFinding[] {
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary?.split('\n').slice(1).join(' ').trim() })),
    }));
}

/**
 * Fails (with every offending rule and element listed) when axe-core finds a serious or critical
 * accessibility violation on the page as it is now. Checks what is rendered: open the dialogs and
 * states to be checked first.
 */
export async function expectNoSeriousAxeViolations(page: Page, options: AxeCheckOptions = {}): Promise<void> {
  const findings = seriousFindings(await axeViolations(page, options));
  if (findings.length > 0) {
    throw new Error(`axe found ${findings.length} serious or critical violation(s) on ${page.url()}:\n${JSON.stringify(findings, null, 2)}`);
  }
}
