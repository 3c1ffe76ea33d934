import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

// The import boundaries live in eslint.config.mjs; this proves they bite on a deliberate violation.
// ESLint runs as its own process: it loads its config as an ES module, which jest's sandbox cannot.
// The text is linted as a file that does not exist, without type information (which needs a file
// of the TypeScript project); the import rules need none.
const ROOT = resolve(__dirname, '..');

function restrictedImports(filePath: string, code: string): string[] {
  const run = spawnSync(
    process.execPath,
    [
      resolve(ROOT, 'node_modules/eslint/bin/eslint.js'),
      ...['--format', 'json', '--parser-options', 'project:false', '--rule', '@typescript-eslint/no-deprecated: off'],
      ...['--stdin', '--stdin-filename', filePath],
    ],
    { cwd: ROOT, input: code, encoding: 'utf8' }
  );
  // A plugin may print a notice before the report: the report is the last line.
  const report = run.stdout.trim().split('\n').pop() ?? '';
  const [result] = JSON.parse(report) as Array<{ messages: Array<{ ruleId: string | null; message: string }> }>;
  return result.messages
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

describe('import boundaries', () => {
  it('refuses a page importing another page', () => {
    const messages = restrictedImports(
      'src/pages/Overview/boundaryProbe.ts',
      "import { orderPage } from '../Order/orderPage';\nexport const page = orderPage;\n"
    );
    expect(messages).toEqual([expect.stringContaining('Pages never import each other')]);
  }, 60_000);

  it('refuses engine internals outside the engine, and allows its index', () => {
    const code = (from: string) => `import { OrderSpan } from '${from}';\nexport type Span = OrderSpan;\n`;
    expect(restrictedImports('src/orders/boundaryProbe.ts', code('../engine/model'))).toEqual([
      expect.stringContaining('public index'),
    ]);
    expect(restrictedImports('src/orders/boundaryProbe.ts', code('../engine'))).toEqual([]);
  }, 60_000);
});
