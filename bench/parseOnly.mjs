// The CLI's baseline: read each file named on the command line and parse it with `yaml`, nothing else.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

for (const file of process.argv.slice(2)) parseAllDocuments(readFileSync(file, 'utf8'));
