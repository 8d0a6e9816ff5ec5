// The benchmark's figures as table rows (for the JSON and the markdown the README shows), each against its target.
import type { BundleSize } from './bundles';
import type { SideBySide } from './inProcess';
import type { LspSamples } from './lspRounds';
import { median, medianRatio } from './stats';

export interface Row {
  readonly label: string;
  readonly ours: string;
  readonly peer: string;
  /** Peer time ÷ ours, measured side by side (same rounds); empty where there is no peer figure. */
  readonly versus: string;
  readonly target: string;
  /** undefined: reported, no target. */
  readonly met: boolean | undefined;
}

export interface Figures {
  readonly ours: LspSamples;
  readonly peer: LspSamples;
  readonly inProcess: SideBySide;
  readonly cli: SideBySide;
  readonly bundles: { client: BundleSize; server: BundleSize; cli: BundleSize };
}

const ms = (value: number) => `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ms`;
const mb = (value: number) => `${value.toFixed(0)} MB`;
const kb = (bytes: number) => `${(bytes / 1000).toFixed(0)} kB`;
const times = (ratio: number) => `${ratio.toFixed(2)}×`;
const size = (bundle: BundleSize) =>
  `${kb(bundle.bytes)} (gzip ${kb(bundle.gzipBytes)})${bundle.development ? ', development build' : ''}`;

/** Ours and the peer on one LSP figure, medians, with the side-by-side ratio. */
function lspRow(
  label: string,
  ours: readonly number[],
  peer: readonly number[],
  show: (value: number) => string,
  target: string,
  /** Absent: reported, no target. */
  met?: (ours: number, ratio: number) => boolean,
): Row {
  const [a, b] = [median(ours), median(peer)];
  const ratio = medianRatio(peer, ours);
  return { label, ours: show(a), peer: show(b), versus: times(ratio), target, met: met?.(a, ratio) };
}

function ratioRow(label: string, sides: SideBySide, baseline: string, limit: number): Row {
  const ratio = medianRatio(sides.ours, sides.baseline);
  return {
    label,
    ours: `${times(ratio)} (${ms(median(sides.ours))} vs ${ms(median(sides.baseline))} ${baseline})`,
    peer: '—',
    versus: '',
    target: `≤ ${limit}×`,
    met: ratio <= limit,
  };
}

export function rows(f: Figures): Row[] {
  return [
    lspRow('one-character edit in a Deployment document → publishDiagnostics', f.ours.deploymentEdit, f.peer.deploymentEdit, ms, '≤ 10 ms', (a) => a <= 10),
    lspRow('one-character edit in the 23k-line CRD document → publishDiagnostics', f.ours.largestEdit, f.peer.largestEdit, ms, '≤ 30 ms', (a) => a <= 30),
    lspRow('open the file → first diagnostics', f.ours.open, f.peer.open, ms, '≥ 5× faster than the peer', (_, r) => r >= 5),
    lspRow('`source.fixAll` on the file (nothing to fix) → response', f.ours.fixAll, f.peer.fixAll, ms, '≤ 20 ms', (a) => a <= 20),
    lspRow('server peak RSS (VmHWM) after the steps above, on the big file only', f.ours.peakRssBigFileMb, f.peer.peakRssBigFileMb, mb, '—'),
    lspRow('server peak RSS (VmHWM) after opening the whole corpus and editing', f.ours.peakRssMb, f.peer.peakRssMb, mb, '≤ 150 MB', (a) => a <= 150),
    ratioRow('full analysis vs bare `yaml` parse of the same text (in process)', f.inProcess, 'parse', 1.3),
    ratioRow('CLI `lint` over the corpus vs parse-only (processes)', f.cli, 'parse-only', 1.5),
    { label: 'server bundle `server/out/server.js`', ours: size(f.bundles.server), peer: '—', versus: '', target: '≤ 1 MB', met: f.bundles.server.bytes <= 1e6 },
    { label: 'client bundle `client/out/extension.js`', ours: size(f.bundles.client), peer: '—', versus: '', target: 'minified', met: undefined },
    { label: 'CLI bundle `server/out/cli.js`', ours: size(f.bundles.cli), peer: '—', versus: '', target: '—', met: undefined },
  ];
}

export function markdown(table: readonly Row[], peerName: string): string {
  const result = (met: boolean | undefined) => (met === undefined ? '' : met ? 'met' : '**missed**');
  return [
    `| | ours | ${peerName} | peer ÷ ours | target | |`,
    '| --- | --- | --- | --- | --- | --- |',
    ...table.map((r) => `| ${r.label} | ${r.ours} | ${r.peer} | ${r.versus} | ${r.target} | ${result(r.met)} |`),
  ].join('\n');
}
