import { readFile, writeFile } from 'node:fs/promises';
import { printSchema } from 'graphql';
import { sortedSchema } from '../graphql/schema.js';
import { buildAppSchema } from './composition.js';

/** `--write` regenerates schema/schema.graphql; `--check` fails when it differs from the code. */
const SCHEMA_PATH = new URL('../../../schema/schema.graphql', import.meta.url);

export async function printApiSchema(): Promise<string> {
  return `${printSchema(sortedSchema(await buildAppSchema()))}\n`;
}

const mode = process.argv[2];
const printed = await printApiSchema();
if (mode === '--write') {
  await writeFile(SCHEMA_PATH, printed);
  console.log('schema/schema.graphql written');
} else if (mode === '--check') {
  const committed = await readFile(SCHEMA_PATH, 'utf8').catch(() => '');
  if (committed !== printed) {
    console.error('schema/schema.graphql differs from the code: run `npm run schema:print` and commit the result.');
    process.exit(1);
  }
  console.log('schema/schema.graphql is up to date');
} else {
  process.stdout.write(printed);
}
