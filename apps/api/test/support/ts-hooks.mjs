// Lets a child process run the API's TypeScript sources directly, the way the tests import them
// (decorator metadata included), so a test can start the real app in a process of its own and kill
// it: node --import ./apps/api/test/support/ts-hooks.mjs apps/api/test/support/app-process.ts
import { existsSync, readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const contracts = new URL('../../../../libs/contracts/src/index.ts', import.meta.url).href;
const compilerOptions = {
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2022,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  useDefineForClassFields: false,
  inlineSourceMap: true,
};

registerHooks({
  resolve(specifier, context, next) {
    if (specifier === '#contracts') return { url: contracts, format: 'module', shortCircuit: true };
    if (specifier.endsWith('.js') && (specifier.startsWith('.') || specifier.startsWith('/')) && context.parentURL?.endsWith('.ts')) {
      const candidate = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
      if (existsSync(fileURLToPath(candidate))) return { url: candidate.href, format: 'module', shortCircuit: true };
    }
    return next(specifier, context);
  },
  load(url, context, next) {
    if (!url.endsWith('.ts')) return next(url, context);
    const file = fileURLToPath(url);
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), { fileName: file, compilerOptions });
    return { format: 'module', source: outputText, shortCircuit: true };
  },
});
