// `lint --format sarif` on the whole corpus: valid SARIF 2.1.0 (the OASIS schema through ajv, and Microsoft's own
// validator where it runs), with the rule table as tool.driver.rules, and every region, related location and fix
// checked against the manifests' text: the text at a region is the YAML node the message names.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isMap, isPair, isScalar, parseAllDocuments, Scalar, visit } from 'yaml';
import { rules } from '../../server/src/rules';
import { FileAnalyser } from '../../server/src/service/analysis';
import { corpusRoot, repoRoot } from '../support/fixtures';

const cliPath = path.join(repoRoot, 'server', 'out', 'cli.js');
const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8'));

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface PhysicalLocation {
  artifactLocation: { uri: string; uriBaseId?: string };
  region: Region;
}
interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: PhysicalLocation }[];
  relatedLocations?: { id: number; message: { text: string }; physicalLocation: PhysicalLocation }[];
  fixes?: {
    description: { text: string };
    artifactChanges: { artifactLocation: { uri: string }; replacements: { deletedRegion: Region; insertedContent?: { text: string } }[] }[];
  }[];
}
interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; helpUri?: string; defaultConfiguration: { level: string } }[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    columnKind: string;
    results: SarifResult[];
  }[];
}

function lintSarif(cwd: string, args: readonly string[] = ['.']): { log: SarifLog; text: string } {
  const run = spawnSync(process.execPath, [cliPath, 'lint', '--format', 'sarif', ...args], { cwd, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw run.error;
  assert.ok(run.status === 0 || run.status === 1, run.stderr);
  assert.equal(run.stderr, '', 'a SARIF run prints nothing else');
  return { log: JSON.parse(run.stdout) as SarifLog, text: run.stdout };
}

let scratch: string;
let corpus: { log: SarifLog; text: string };
// An astral character (two UTF-16 code units, one code point) before a reported node on its line: SARIF's default
// column unit would put the region one column off; columnKind says we count as LSP does.
const astral = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: "db-😀", labels: {app: db}}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      volumes: [{name: "😀", emptyDir: {}}]
      containers:
      - {name: db, image: busybox, volumeMounts: [{name: "😀", mountPath: /data}]}
`;

before(() => {
  assert.ok(fs.existsSync(cliPath), `${cliPath} exists: run \`npm run build\` first (\`npm test\` does)`);
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-persistence-sarif-'));
  fs.writeFileSync(path.join(scratch, 'astral.yaml'), astral);
  corpus = lintSarif(corpusRoot);
});
after(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

/** The file a location names, resolved against %SRCROOT%. */
function fileOf(log: SarifLog, location: PhysicalLocation['artifactLocation']): string {
  const base = location.uriBaseId ? log.runs[0].originalUriBaseIds[location.uriBaseId].uri : undefined;
  return fileURLToPath(new URL(location.uri, base));
}

const documents = new Map<string, TextDocument>();
function documentOf(file: string): TextDocument {
  let document = documents.get(file);
  if (!document) {
    document = TextDocument.create(`file://${file}`, 'yaml', 1, fs.readFileSync(file, 'utf8'));
    documents.set(file, document);
  }
  return document;
}

/** The offsets of a region, its columns read as UTF-16 code units (the run's columnKind). */
function offsetsOf(document: TextDocument, region: Region): [number, number] {
  return [
    document.offsetAt({ line: region.startLine - 1, character: region.startColumn - 1 }),
    document.offsetAt({ line: region.endLine - 1, character: region.endColumn - 1 }),
  ];
}

/** Every scalar of the file by its exact source span, with the key it is the value of and the map holding it. */
function scalarsOf(text: string): Map<string, { scalar: Scalar; key?: string; parent?: unknown }> {
  const found = new Map<string, { scalar: Scalar; key?: string; parent?: unknown }>();
  for (const document of parseAllDocuments(text)) {
    if (!('contents' in document)) continue;
    visit(document, {
      Scalar(_key, node, ancestors) {
        if (!node.range) return;
        const pair = ancestors[ancestors.length - 1];
        const key = isPair(pair) && pair.value === node && isScalar(pair.key) ? String(pair.key.value) : undefined;
        found.set(`${node.range[0]}:${node.range[1]}`, { scalar: node, key, parent: ancestors[ancestors.length - 2] });
      },
    });
  }
  return found;
}

describe('lint --format sarif', () => {
  it('is valid SARIF 2.1.0 by the OASIS schema (ajv), on every manifest of the corpus', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    assert.ok(validate(corpus.log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    assert.ok(corpus.log.runs[0].results.length >= 20, `the corpus gives results (${corpus.log.runs[0].results.length})`);
    // The schema is strict: it catches a misnamed property.
    const broken = structuredClone(corpus.log) as unknown as { runs: { results: Record<string, unknown>[] }[] };
    broken.runs[0].results[0].line = 1;
    assert.equal(validate(broken), false);
  });

  it("passes Microsoft's SARIF validator (@microsoft/sarif-multitool validate) without errors or warnings", (t) => {
    const multitool = path.join(repoRoot, 'node_modules', '.bin', 'sarif-multitool');
    const probe = fs.existsSync(multitool) ? spawnSync(multitool, ['--version'], { encoding: 'utf8', timeout: 60_000 }) : undefined;
    if (!probe || probe.status !== 0) {
      t.skip(`sarif-multitool does not run here: ${probe ? (probe.error?.message ?? probe.stderr.trim().split('\n').pop()) : 'not installed'}`);
      return;
    }
    const input = path.join(scratch, 'corpus.sarif');
    const output = path.join(scratch, 'validation.sarif');
    fs.writeFileSync(input, corpus.text);
    const run = spawnSync(multitool, ['validate', input, '--output', output], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    // Its exit status is 0 even with findings: they are in its own SARIF output.
    const validation = JSON.parse(fs.readFileSync(output, 'utf8')) as SarifLog;
    const complaints = validation.runs[0].results.map((r) => `${r.ruleId}: ${JSON.stringify(r.message)}`);
    assert.deepEqual(complaints, []);
  });

  it('lists the rule table as tool.driver.rules, with help links to the rule pages and default levels', () => {
    const driver = corpus.log.runs[0].tool.driver;
    assert.equal(driver.name, 'k8s-persistence');
    const levels: Record<string, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
    for (const { meta } of rules) {
      const rule = driver.rules.find((candidate) => candidate.id === meta.id);
      assert.ok(rule, meta.id);
      assert.equal(rule.defaultConfiguration.level, levels[meta.severity]);
      assert.ok(rule.helpUri && fs.existsSync(fileURLToPath(rule.helpUri)), `${meta.id}: ${rule.helpUri}`);
    }
    for (const result of corpus.log.runs[0].results) {
      assert.equal(driver.rules[result.ruleIndex!].id, result.ruleId, 'ruleIndex points at the result rule');
    }
  });

  it('counts columns in UTF-16 code units and says so', () => {
    const { log } = lintSarif(scratch, ['astral.yaml']);
    assert.equal(log.runs[0].columnKind, 'utf16CodeUnits');
    const result = log.runs[0].results.find((r) => r.ruleId === 'statefulset-emptydir');
    assert.ok(result);
    // `      volumes: [{name: "😀", emptyDir: {}}]`: emptyDir starts after 29 code units (28 code points).
    assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 10, startColumn: 30, endLine: 10, endColumn: 38 });
  });

  it('puts every result and related location on the YAML node its message names, in the corpus and the astral file', () => {
    const astralRun = lintSarif(scratch, ['astral.yaml']);
    let checked = 0;
    for (const { log } of [corpus, astralRun]) {
      for (const result of log.runs[0].results) {
        const { artifactLocation, region } = result.locations[0].physicalLocation;
        const file = fileOf(log, artifactLocation);
        const document = documentOf(file);
        const [start, end] = offsetsOf(document, region);
        const where = `${path.relative(corpusRoot, file)}:${region.startLine}:${region.startColumn} ${result.ruleId}`;
        assert.ok(end > start, `${where}: a region with text`);
        const text = document.getText().slice(start, end);
        if (result.ruleId === 'yaml-syntax' || result.ruleId === 'unused-suppression') continue;
        const node = scalarsOf(document.getText()).get(`${start}:${end}`);
        assert.ok(node, `${where}: '${text}' is exactly one YAML scalar`);
        const named =
          result.message.text.includes(text) ||
          // A container's image is where a database is named: the message names the container.
          (node.key === 'image' && isMap(node.parent) && result.message.text.includes(`'${String(node.parent.get('name'))}'`));
        assert.ok(named, `${where}: the message names '${text}': ${result.message.text}`);
        for (const related of result.relatedLocations ?? []) {
          const relatedDocument = documentOf(fileOf(log, related.physicalLocation.artifactLocation));
          const [relatedStart, relatedEnd] = offsetsOf(relatedDocument, related.physicalLocation.region);
          assert.ok(
            scalarsOf(relatedDocument.getText()).has(`${relatedStart}:${relatedEnd}`),
            `${where}: related '${relatedDocument.getText().slice(relatedStart, relatedEnd)}' (${related.message.text}) is one YAML scalar`,
          );
        }
        checked++;
      }
    }
    assert.ok(checked >= 20, `${checked} results checked`);
  });

  it("carries the preferred fix as replacements that, applied, make the result's finding go", () => {
    let applied = 0;
    for (const result of corpus.log.runs[0].results) {
      for (const fix of result.fixes ?? []) {
        const [change] = fix.artifactChanges;
        const file = fileOf(corpus.log, change.artifactLocation);
        const document = documentOf(file);
        const edits = change.replacements.map(({ deletedRegion, insertedContent }) => {
          const [start, end] = offsetsOf(document, deletedRegion);
          return { range: { start: document.positionAt(start), end: document.positionAt(end) }, newText: insertedContent?.text ?? '' };
        });
        const fixed = TextDocument.applyEdits(document, edits);
        const region = result.locations[0].physicalLocation.region;
        const still = new FileAnalyser(document.uri)
          .analyse(fixed)
          .findings.filter((finding) => finding.ruleId === result.ruleId && finding.message === result.message.text);
        assert.deepEqual(still.map((finding) => finding.message), [], `${file}:${region.startLine} ${fix.description.text}`);
        applied++;
      }
    }
    assert.ok(applied >= 3, `${applied} fixes applied`);
  });
});
