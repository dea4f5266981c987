/**
 * The role table (src/contract/properties.ts) is the one place that says what a wire property is. These tests add a
 * property to the wire contract in memory and type-check the construct's renderer and the handler's parser with it:
 * `tsc` must fail until the table, the renderer and the handler each handle it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');
const WIRE = path.join(ROOT, 'src/contract/wire.ts');
const TABLE = path.join(ROOT, 'src/contract/properties.ts');
const RENDERER = path.join(ROOT, 'src/private/render-properties.ts');
const PARSER = path.join(ROOT, 'lambda/parse/properties.ts');

const NEW_PROPERTY = '  readonly DeliveryMonitoring?: boolean;\n';
const NEW_ENTRY = "  DeliveryMonitoring: { role: 'configuration', presence: optional, prop: 'deliveryMonitoring', rule: BOOLEAN },\n";
const NEW_RENDER = '    DeliveryMonitoring: props.einvoiceDeliveryEnabled,\n';
const NEW_BRANCH = '  DeliveryMonitoring: (p) => (p.DeliveryMonitoring ? {} : {}),\n';

/** `source` with `insert` placed just before the first line that starts with `before`. */
function insertBefore(source: string, before: string, insert: string): string {
  const at = source.indexOf(before);
  if (at < 0) throw new Error(`no '${before}' to insert before`);
  return source.slice(0, at) + insert + source.slice(at);
}

const options = (() => {
  const config = ts.readConfigFile(path.join(ROOT, 'lambda/tsconfig.json'), ts.sys.readFile).config;
  return ts.parseJsonConfigFileContent(config, ts.sys, path.join(ROOT, 'lambda')).options;
})();
let previous: ts.Program | undefined;
/** The files on disk, parsed once for every program: with the previous program, only the replaced ones are new. */
const parsed = new Map<string, ts.SourceFile>();

/** The files with type errors when the given sources replace the ones on disk, relative to the repository. */
function filesWithErrors(replaced: Record<string, string>): string[] {
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => replaced[path.resolve(file)] ?? readFile(file);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language) => {
    const text = replaced[path.resolve(file)];
    if (text !== undefined) return ts.createSourceFile(file, text, language);
    if (!parsed.has(file)) {
      const source = getSourceFile(file, language);
      if (!source) return undefined;
      parsed.set(file, source);
    }
    return parsed.get(file);
  };
  const program = ts.createProgram({ rootNames: [TABLE, RENDERER, PARSER], options, host, oldProgram: previous });
  previous = program;
  // The files a new property touches, checked alone: the rest of the program is only read for their types.
  const diagnostics = [
    ...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics(),
    ...[WIRE, TABLE, RENDERER, PARSER].flatMap((file) => {
      const source = program.getSourceFile(file)!;
      return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    }),
  ];
  const files = diagnostics.map((d) => (d.file ? path.relative(ROOT, d.file.fileName) : 'global'));
  return [...new Set(files)].sort();
}

const wire = insertBefore(fs.readFileSync(WIRE, 'utf8'), '  /** `true` lets an identity change replace', NEW_PROPERTY);
const table = insertBefore(fs.readFileSync(TABLE, 'utf8'), '  ResourceTags: {', NEW_ENTRY);
const renderer = insertBefore(fs.readFileSync(RENDERER, 'utf8'), '    ResourceTags: Lazy', NEW_RENDER);
const parser = insertBefore(fs.readFileSync(PARSER, 'utf8'), '  // The rules let exactly one', NEW_BRANCH);

describe('a property added to the wire contract', () => {
  jest.setTimeout(120_000);

  test('today the contract, the renderer and the parser type-check', () => {
    expect(filesWithErrors({})).toEqual([]);
  });

  test('without an entry in the role table, tsc fails there and in the renderer', () => {
    expect(filesWithErrors({ [WIRE]: wire })).toEqual(['src/contract/properties.ts', 'src/private/render-properties.ts']);
  });

  test('with an entry but no rule, tsc fails in the table', () => {
    const noRule = insertBefore(fs.readFileSync(TABLE, 'utf8'), '  ResourceTags: {',
      "  DeliveryMonitoring: { role: 'configuration', presence: optional, prop: 'deliveryMonitoring' },\n");
    expect(filesWithErrors({ [WIRE]: wire, [TABLE]: noRule, [RENDERER]: renderer, [PARSER]: parser })).toContain('src/contract/properties.ts');
  });

  test('with an entry whose presence disagrees with the contract, tsc fails in the table', () => {
    const wrongPresence = table.replace("DeliveryMonitoring: { role: 'configuration', presence: optional", "DeliveryMonitoring: { role: 'configuration', presence: required");
    expect(filesWithErrors({ [WIRE]: wire, [TABLE]: wrongPresence, [RENDERER]: renderer, [PARSER]: parser })).toEqual(['src/contract/properties.ts']);
  });

  test('with an entry and a rendering but no handler branch, tsc fails in the parser', () => {
    expect(filesWithErrors({ [WIRE]: wire, [TABLE]: table, [RENDERER]: renderer })).toEqual(['lambda/parse/properties.ts']);
  });

  test('with all four, it type-checks', () => {
    expect(filesWithErrors({ [WIRE]: wire, [TABLE]: table, [RENDERER]: renderer, [PARSER]: parser })).toEqual([]);
  });
});
