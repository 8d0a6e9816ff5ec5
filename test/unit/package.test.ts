// The .vsix holds exactly what runs (the two bundles and the CLI, the files package.json contributes, the rule docs)
// plus the manifest, README, CHANGELOG, LICENSE and icon; and the bundles need nothing that is not in it.
import { strict as assert } from 'node:assert';
import { builtinModules } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../support/fixtures';
import { packageInScratchCopy, readZip, type ZipEntry } from '../support/vsix';

const filesUnder = (dir: string): string[] =>
  fs.existsSync(path.join(repoRoot, dir))
    ? fs.readdirSync(path.join(repoRoot, dir), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(repoRoot, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    : [];
const norm = (p: string) => p.replace(/^\.\//, '');

describe('npm run package', { timeout: 180_000 }, () => {
  let scratch: string;
  let entries: ZipEntry[];
  let manifest: Record<string, any>;
  const entry = (name: string) => {
    const e = entries.find((x) => x.name === `extension/${name}`);
    assert.ok(e, `${name} is in the .vsix`);
    return e;
  };

  before(async () => {
    const built = packageInScratchCopy();
    scratch = built.dir;
    entries = await readZip(built.vsix);
    manifest = JSON.parse(entry('package.json').data.toString('utf8'));
  });
  after(() => {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('holds exactly the manifest, what runs, what is contributed, the rule docs and the listing files', () => {
    const runs = [
      norm(manifest.main).replace(/(\.js)?$/, '.js'),
      'server/out/server.js', // launched by the client (asserted below)
      ...Object.values<string>(manifest.bin ?? {}).map(norm),
    ];
    const contributed = [
      ...(manifest.contributes.grammars ?? []).map((g: { path: string }) => norm(g.path)),
      ...(manifest.contributes.snippets ?? []).map((s: { path: string }) => norm(s.path)),
      norm(manifest.icon),
    ];
    const expected = new Set([
      'extension.vsixmanifest',
      '[Content_Types].xml',
      ...['package.json', 'readme.md', 'changelog.md', 'LICENSE.txt', ...runs, ...contributed, ...filesUnder('docs')].map(
        (f) => `extension/${f}`,
      ),
    ]);
    assert.deepEqual([...entries.map((e) => e.name)].sort(), [...expected].sort());
  });

  it('the client launches the packaged server bundle', () => {
    assert.match(entry(norm(manifest.main).replace(/(\.js)?$/, '.js')).data.toString('utf8'), /server\/out\/server\.js/);
  });

  it('the bundles are self-contained production builds: only vscode and Node built-ins are required, no source maps', () => {
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    for (const [file, allowed] of [
      ['client/out/extension.js', ['vscode']],
      ['server/out/server.js', []],
      ['server/out/cli.js', []],
    ] as const) {
      const code = entry(file).data.toString('utf8');
      const required = [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
      const foreign = required.filter((m) => !builtins.has(m) && !(allowed as readonly string[]).includes(m));
      assert.deepEqual([...new Set(foreign)], [], `${file} requires modules that are not packaged`);
      assert.doesNotMatch(code, /sourceMappingURL=/, `${file} is a production build`);
    }
  });

  it('states what the Marketplace listing needs: icon 128x128 PNG, categories, keywords, licence, capabilities', () => {
    const png = entry(norm(manifest.icon)).data;
    assert.equal(png.toString('latin1', 1, 4), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
    assert.ok(manifest.categories.includes('Linters') && manifest.categories.includes('Snippets'));
    assert.ok(manifest.keywords.length > 0);
    assert.equal(manifest.license, 'Apache-2.0');
    assert.match(entry('LICENSE.txt').data.toString('utf8'), /Apache License\s+Version 2\.0/);
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces, { supported: true });
    assert.ok(['limited', true, false].includes(manifest.capabilities.virtualWorkspaces?.supported));
    assert.ok(manifest.capabilities.virtualWorkspaces.supported === true || manifest.capabilities.virtualWorkspaces.description);
  });
});
