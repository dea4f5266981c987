/**
 * API.md documents every public member with a description.
 *
 * jsii has no diagnostic for a missing doc comment (`--fail-on-warnings` would not catch one), and eslint would have to
 * guess what jsii exports. The compiled assembly (`.jsii`) is the exact public API that jsii-docgen renders into API.md
 * and that every language binding shows in its IDE, so this test reads it and fails on any type, property, method,
 * parameter or enum member without a summary, and on any optional struct property without `@default`.
 *
 * The assembly is written by `npx projen compile`, which `npx projen build` runs before the tests. A bare `jest` run
 * before any compile, or after editing src/ without compiling, fails here with the command to run: a stale assembly
 * would check yesterday's API, and skipping would let a missing doc through.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const ASSEMBLY_FILE = path.join(ROOT, '.jsii');

interface Docs {
  readonly summary?: string;
  readonly default?: string;
}
interface Parameter {
  readonly name: string;
  readonly docs?: Docs;
}
interface Callable {
  readonly name?: string;
  readonly docs?: Docs;
  readonly parameters?: Parameter[];
}
interface Property {
  readonly name: string;
  readonly docs?: Docs;
  readonly optional?: boolean;
}
interface TypeSpec {
  readonly fqn: string;
  readonly kind: 'class' | 'interface' | 'enum';
  readonly docs?: Docs;
  readonly datatype?: boolean;
  readonly initializer?: Callable;
  readonly methods?: Callable[];
  readonly properties?: Property[];
  readonly members?: Property[];
}
interface Assembly {
  readonly name: string;
  readonly types?: Record<string, TypeSpec>;
}

function newestSourceChange(dir: string): { file: string; mtimeMs: number } {
  let newest = { file: dir, mtimeMs: 0 };
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const candidate = entry.isDirectory()
      ? newestSourceChange(full)
      : { file: full, mtimeMs: entry.name.endsWith('.ts') ? fs.statSync(full).mtimeMs : 0 };
    if (candidate.mtimeMs > newest.mtimeMs) newest = candidate;
  }
  return newest;
}

function loadAssembly(): Assembly {
  if (!fs.existsSync(ASSEMBLY_FILE)) {
    throw new Error('.jsii is missing: run `npx projen compile` (or the whole `npx projen build`) before this test');
  }
  const newest = newestSourceChange(path.join(ROOT, 'src'));
  if (newest.mtimeMs > fs.statSync(ASSEMBLY_FILE).mtimeMs) {
    throw new Error(`.jsii is older than ${path.relative(ROOT, newest.file)}: run \`npx projen compile\` before this test`);
  }
  return JSON.parse(fs.readFileSync(ASSEMBLY_FILE, 'utf8')) as Assembly;
}

function hasText(docs: Docs | undefined, key: keyof Docs): boolean {
  return (docs?.[key] ?? '').trim().length > 0;
}

/** Every place where API.md would show an empty description, as `<fqn>[.member[(param)]]: what is missing`. */
export function undocumented(assembly: Assembly): string[] {
  const missing: string[] = [];
  const need = (where: string, docs: Docs | undefined) => {
    if (!hasText(docs, 'summary')) missing.push(`${where}: no description`);
  };
  const needParameters = (where: string, callable: Callable) => {
    for (const parameter of callable.parameters ?? []) {
      need(`${where}(${parameter.name})`, parameter.docs);
    }
  };

  for (const type of Object.values(assembly.types ?? {})) {
    need(type.fqn, type.docs);
    if (type.initializer) needParameters(`${type.fqn}.constructor`, type.initializer);
    for (const method of type.methods ?? []) {
      need(`${type.fqn}.${method.name}`, method.docs);
      needParameters(`${type.fqn}.${method.name}`, method);
    }
    for (const property of type.properties ?? []) {
      need(`${type.fqn}.${property.name}`, property.docs);
      if (type.datatype && property.optional && !hasText(property.docs, 'default')) {
        missing.push(`${type.fqn}.${property.name}: optional property without @default`);
      }
    }
    for (const member of type.members ?? []) {
      need(`${type.fqn}.${member.name}`, member.docs);
    }
  }
  return missing.sort();
}

describe('the public API documentation', () => {
  let assembly: Assembly;
  beforeAll(() => {
    assembly = loadAssembly();
  });

  test('the assembly is this library and exports types', () => {
    expect(assembly.name).toBe('cdk-procurement-portal');
    expect(Object.keys(assembly.types ?? {}).length).toBeGreaterThan(0);
  });

  test('every type, member, parameter and enum member has a description, every optional prop a @default', () => {
    expect(undocumented(assembly)).toEqual([]);
  });
});

describe('the documentation check itself', () => {
  test('reports each kind of missing description', () => {
    const fake: Assembly = {
      name: 'fake',
      types: {
        'fake.Props': {
          fqn: 'fake.Props',
          kind: 'interface',
          datatype: true,
          docs: { summary: 'Props.' },
          properties: [
            { name: 'documented', optional: true, docs: { summary: 'Yes.', default: '- none' } },
            { name: 'noDefault', optional: true, docs: { summary: 'Yes.' } },
            { name: 'bare' },
          ],
        },
        'fake.Thing': {
          fqn: 'fake.Thing',
          kind: 'class',
          initializer: { parameters: [{ name: 'scope', docs: { summary: 'Scope.' } }, { name: 'id' }] },
          methods: [{ name: 'grant', docs: { summary: '  ' }, parameters: [{ name: 'grantee' }] }],
        },
        'fake.Color': {
          fqn: 'fake.Color',
          kind: 'enum',
          docs: { summary: 'Colors.' },
          members: [{ name: 'RED', docs: { summary: 'Red.' } }, { name: 'BLUE' }],
        },
      },
    };
    expect(undocumented(fake)).toEqual([
      'fake.Color.BLUE: no description',
      'fake.Props.bare: no description',
      'fake.Props.noDefault: optional property without @default',
      'fake.Thing.constructor(id): no description',
      'fake.Thing.grant(grantee): no description',
      'fake.Thing.grant: no description',
      'fake.Thing: no description',
    ]);
  });
});
