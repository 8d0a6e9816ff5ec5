// Paths of the fixtures the tests read: the bundled examples and the shared corpus beside the checkout.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');
/** The project's shared/ folder sits beside the repository checkout, in CI as here. */
export const corpusRoot = path.resolve(repoRoot, '..', 'shared', 'corpus');

export function example(name: string): string {
  return readFileSync(path.join(repoRoot, 'examples', name), 'utf8');
}
