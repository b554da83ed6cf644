import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import type { OpenAPIObject } from '@nestjs/swagger';

// apps/api/scripts/ in the sources, dist/api/apps/api/scripts/ when built: either way the repository is above.
const here = fileURLToPath(import.meta.url);
const repo = here.includes('/dist/api/') ? here.slice(0, here.indexOf('/dist/api/')) : resolve(dirname(here), '../../..');
const root = (path: string) => join(repo, path);

/** The committed snapshot of the OpenAPI document: an API change shows up in review as a diff of this file. */
export const SNAPSHOT_FILE = root('docs/openapi.json');
/** TypeScript types generated from it for scripts (libs/api-client). */
export const CLIENT_TYPES_FILE = root('libs/api-client/src/schema.ts');

export function renderSnapshot(doc: OpenAPIObject): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

export async function renderClientTypes(doc: OpenAPIObject): Promise<string> {
  const ast = await openapiTS(JSON.parse(JSON.stringify(doc)), { alphabetize: false, exportType: false, defaultNonNullable: false });
  return COMMENT_HEADER + '// Regenerate with `npm run openapi:snapshot`.\n' + astToString(ast);
}
