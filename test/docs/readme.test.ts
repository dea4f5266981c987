/**
 * The README is what Construct Hub and the package registries show.
 *
 * - Its Python quick start is written by hand (readers of PyPI want one), so it is checked against jsii-rosetta's
 *   translation of the TypeScript quick start, which the build compiles (`rosetta:extract` writes `.jsii.tabl.json`
 *   after compile): the two cannot drift apart.
 * - Links must work where the README is rendered outside the repository: absolute URLs, or anchors of its own headings.
 */
import * as fs from 'fs';
import * as path from 'path';
import { quickStart } from './readme-blocks';

const ROOT = path.join(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const TABLET = path.join(ROOT, '.jsii.tabl.json');

interface Tablet {
  readonly snippets: Record<string, { translations: Record<string, { source: string }> }>;
}

/** Names imported from the library, and the other lines (imports of the library dropped, blank lines trimmed). */
function splitPythonImports(source: string): { names: string[]; body: string } {
  const names: string[] = [];
  const body: string[] = [];
  for (const line of source.trim().split('\n')) {
    const imported = /^from cdk_procurement_portal import (.+)$/.exec(line);
    if (imported) names.push(...imported[1].split(',').map((name) => name.trim()));
    else body.push(line);
  }
  return { names: names.sort(), body: body.join('\n').trim() };
}

/** GitHub's heading anchor: lower case, punctuation but hyphens dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, '').replace(/\s/g, '-');
}

describe('README.md', () => {
  test('the Python quick start is jsii-rosetta\'s translation of the TypeScript one', () => {
    if (!fs.existsSync(TABLET)) {
      throw new Error('.jsii.tabl.json is missing: run `npx projen compile` (its post-compile runs jsii-rosetta) first');
    }
    const typescript = quickStart(README, /^(ts|typescript)\b/).trim();
    const tablet = JSON.parse(fs.readFileSync(TABLET, 'utf8')) as Tablet;
    const snippet = Object.values(tablet.snippets).find((s) => s.translations.$?.source.trim() === typescript);
    if (snippet === undefined) {
      throw new Error('.jsii.tabl.json has no translation of the README\'s TypeScript quick start: run `npx projen compile` again');
    }
    const translated = splitPythonImports(snippet.translations.python.source);
    const written = splitPythonImports(quickStart(README, /^python\b/));
    expect(written.body).toEqual(translated.body);
    expect(written.names).toEqual(translated.names);
  });

  test('links are absolute or anchors of its own headings', () => {
    const anchors = new Set([...README.matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchorOf(match[1])));
    const prose = README.replace(/^```[\s\S]*?^```$/gm, '');
    const targets = [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]);
    expect(targets.length).toBeGreaterThan(0);
    const broken = targets.filter((target) => (target.startsWith('#') ? !anchors.has(target.slice(1)) : !/^https:\/\//.test(target)));
    expect(broken).toEqual([]);
  });

  test('the contents list every section', () => {
    const contents = /^\*\*Contents\*\*:([\s\S]*?)\n\n/m.exec(README)?.[1] ?? '';
    const listed = new Set([...contents.matchAll(/\]\(#([^)]+)\)/g)].map((match) => match[1]));
    const sections = [...README.matchAll(/^## (.+)$/gm)].map((match) => match[1]).filter((heading) => heading !== 'License');
    expect(sections.filter((heading) => !listed.has(anchorOf(heading)))).toEqual([]);
  });

  test('the anchor rule matches GitHub\'s for the headings used here', () => {
    expect(anchorOf('The handler\'s logs')).toBe('the-handlers-logs');
    expect(anchorOf('Updates, replacements and deletes')).toBe('updates-replacements-and-deletes');
  });
});
