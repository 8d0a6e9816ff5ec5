// The .vsix holds exactly what runs (the client and server bundles, the files package.json contributes), the pages
// the extension and its README link to (rule docs, Kubernetes facts, the README screenshot), the manifest, README,
// CHANGELOG, LICENSE and icon; and the bundles need nothing that is not in it. Every file is named here, so a file
// that a broader .vscodeignore pattern lets in later fails this test.
import { strict as assert } from 'node:assert';
import { builtinModules } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { rules } from '../../server/src/rules';
import { packageInScratchCopy, readZip, type ZipEntry } from '../support/vsix';

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

  it('holds exactly the manifest, the bundles (client, server and its syntax-check worker), what is contributed, the linked docs and the listing files', () => {
    const expected = [
      'extension.vsixmanifest',
      '[Content_Types].xml',
      ...[
        'package.json',
        'readme.md',
        'changelog.md',
        'LICENSE.txt',
        'images/icon.png',
        'client/out/extension.js',
        'server/out/server.js',
        'server/out/syntaxCheckWorker.js',
        'snippets/kubernetes.code-snippets',
        'syntaxes/k8s-persistence.injection.tmLanguage.json',
        'docs/kubernetes-facts.md',
        'docs/images/workbench.png',
        'docs/rules/README.md',
        ...rules.map((rule) => `docs/rules/${rule.meta.id}.md`),
      ].map((f) => `extension/${f}`),
    ];
    assert.deepEqual(entries.map((e) => e.name).sort(), expected.sort());
  });

  it('ships what the manifest points at: main, icon, grammars and snippets', () => {
    const pointedAt = [
      norm(manifest.main).replace(/(\.js)?$/, '.js'),
      norm(manifest.icon),
      ...(manifest.contributes.grammars ?? []).map((g: { path: string }) => norm(g.path)),
      ...(manifest.contributes.snippets ?? []).map((s: { path: string }) => norm(s.path)),
    ];
    for (const file of pointedAt) entry(file);
  });

  it('the client launches the packaged server bundle', () => {
    assert.match(entry(norm(manifest.main).replace(/(\.js)?$/, '.js')).data.toString('utf8'), /server\/out\/server\.js/);
  });

  it('the bundles are self-contained production builds: only vscode and Node built-ins are required, no source maps', () => {
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    // The CLI is not in the .vsix, but `npm run package` builds it the same way (it is the package's `bin`).
    const cli = fs.readFileSync(path.join(scratch, 'server', 'out', 'cli.js'), 'utf8');
    for (const [file, code, allowed] of [
      ['client/out/extension.js', entry('client/out/extension.js').data.toString('utf8'), ['vscode']],
      ['server/out/server.js', entry('server/out/server.js').data.toString('utf8'), []],
      ['server/out/syntaxCheckWorker.js', entry('server/out/syntaxCheckWorker.js').data.toString('utf8'), []],
      ['server/out/cli.js', cli, []],
    ] as const) {
      // A `require(...)` inside a string is code that a library writes out, not a call (ajv's standalone code).
      const required = [...code.matchAll(/(?<!['"`])\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
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
