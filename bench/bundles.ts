// Sizes of the bundles as built: raw and gzip-compressed (zlib's default level, as an HTTP server or vsce's zip
// would roughly get).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { repoRoot } from '../test/support/fixtures';

export const BUNDLES = ['client/out/extension.js', 'server/out/server.js', 'server/out/cli.js'] as const;
export type Bundle = (typeof BUNDLES)[number];

export interface BundleSize {
  bytes: number;
  gzipBytes: number;
  /** A development build (`npm run build`: it links a source map), not the one `npm run package` ships. */
  development?: boolean;
}

export function bundleSizes(): Record<Bundle, BundleSize> {
  const sizes = {} as Record<Bundle, BundleSize>;
  for (const bundle of BUNDLES) {
    const file = path.join(repoRoot, bundle);
    if (!fs.existsSync(file)) throw new Error(`${bundle} is missing: build first (npm run bench does)`);
    const code = fs.readFileSync(file);
    const development = code.includes('//# sourceMappingURL=');
    sizes[bundle] = { bytes: code.length, gzipBytes: gzipSync(code).length, ...(development && { development }) };
  }
  return sizes;
}
