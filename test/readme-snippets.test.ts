/**
 * Every ```ts block of README.md and packages/*\/README.md type-checks as written against the
 * packages' public types (imports by package name, resolved to each package's src like the rest
 * of the tests). Each block is its own ES module, so top-level `await` is allowed; values a
 * snippet does not make itself are declared in it (`declare const batch: Batch`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';

const REPO_ROOT = resolve(__dirname, '..');

interface Snippet {
  /** `README.md:71`: the file and the line of the opening fence. */
  readonly origin: string;
  /** The virtual source file the block is checked as. */
  readonly fileName: string;
  readonly code: string;
}

function readmes(): string[] {
  const packages = readdirSync(join(REPO_ROOT, 'packages'))
    .map((name) => join('packages', name, 'README.md'))
    .filter((path) => existsSync(join(REPO_ROOT, path)));
  return ['README.md', ...packages.sort()];
}

/** The ```ts blocks of a Markdown file, each with the line of its opening fence. */
function snippetsOf(path: string): Snippet[] {
  const lines = readFileSync(join(REPO_ROOT, path), 'utf8').split('\n');
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ts\s*$/.test(lines[i])) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    const name = `${path.replace(/[/.]/g, '_')}_${start + 1}.ts`;
    snippets.push({ origin: `${path}:${start + 1}`, fileName: join(REPO_ROOT, 'test', '.snippets', name), code: `${body.join('\n')}\nexport {};\n` });
  }
  return snippets;
}

function compilerOptions(): ts.CompilerOptions {
  const configPath = join(REPO_ROOT, 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (config === undefined) throw new Error(`cannot read ${configPath}`);
  return {
    ...config.options,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    types: ['node'],
    noEmit: true,
    noUnusedLocals: false,
    noUnusedParameters: false,
  };
}

/** Type-checks all snippets in one program; returns the diagnostics of each, as `origin:line: message`. */
function check(snippets: readonly Snippet[]): Map<string, string[]> {
  const byFile = new Map(snippets.map((s) => [s.fileName, s]));
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language, onError) => {
    const snippet = byFile.get(resolve(fileName));
    return snippet ? ts.createSourceFile(fileName, snippet.code, language, true) : getSourceFile(fileName, language, onError);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => byFile.has(resolve(fileName)) || fileExists(fileName);
  const program = ts.createProgram([...byFile.keys()], options, host);
  const result = new Map<string, string[]>();
  for (const snippet of snippets) {
    const source = program.getSourceFile(snippet.fileName);
    if (source === undefined) throw new Error(`${snippet.origin}: not in the program`);
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    result.set(
      snippet.origin,
      diagnostics.map((d) => {
        const line = d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line + 1;
        const [file, fence] = snippet.origin.split(':');
        return `${file}:${Number(fence) + line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      }),
    );
  }
  return result;
}

const snippets = readmes().flatMap(snippetsOf);
let diagnostics: Map<string, string[]>;

beforeAll(() => {
  diagnostics = check(snippets);
});

it('finds the TypeScript blocks of every README', () => {
  expect(snippets.length).toBeGreaterThanOrEqual(5);
  const files = new Set(snippets.map((s) => s.origin.split(':')[0]));
  expect([...files]).toEqual(expect.arrayContaining(['README.md', 'packages/prover/README.md', 'packages/setup/README.md']));
});

it.each(snippets.map((s) => [s.origin]))('%s type-checks as written', (origin) => {
  expect(diagnostics.get(origin)).toEqual([]);
});
