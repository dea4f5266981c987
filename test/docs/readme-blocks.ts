/** The first fenced block of the README's "Quick start" section whose info string matches (`ts nofixture`, `python`). */
export function quickStart(readme: string, info: RegExp): string {
  const section = readme.split(/^## /m).find((part) => part.startsWith('Quick start'));
  if (section === undefined) throw new Error('README.md has no "## Quick start" section');
  const blocks = [...section.matchAll(/^```([^\n]*)\n([\s\S]*?)^```$/gm)];
  const block = blocks.find((match) => info.test(match[1]));
  if (block === undefined) throw new Error(`README.md's quick start has no block matching ${info}`);
  return block[2];
}

/** Every complete program of the README (`ts nofixture` blocks: imports, app, synth), with the section it stands in. */
export function completePrograms(readme: string): Array<{ readonly section: string; readonly source: string }> {
  return readme.split(/^## /m).flatMap((part) => {
    const section = part.split('\n')[0];
    return [...part.matchAll(/^( *)```ts nofixture\n([\s\S]*?)^ *```$/gm)]
      .map((match) => ({ section, source: match[2].split('\n').map((line) => line.slice(match[1].length)).join('\n') }));
  });
}
