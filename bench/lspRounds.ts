// The LSP part of the benchmark: per round, a fresh process of each server, driven with the same traffic, step by
// step in turn (A then B, B then A in the next round), so that both see the same machine load.
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { BenchSession } from './session';
import type { ServerProfile } from './servers';
import { deploymentSite, keystroke, largestDocumentSite, linesOf, wholeRange } from './traffic';

export interface LspSamples {
  /** didOpen of the big file → its first diagnostics, ms (one per round: a fresh process opens it). */
  open: number[];
  /** One letter typed in the big file's largest Deployment → diagnostics for that version, ms. */
  deploymentEdit: number[];
  /** One letter typed in the big file's largest document (a CRD) → diagnostics, ms. */
  largestEdit: number[];
  /** `source.fixAll` code action request on the whole big file → answer, ms. */
  fixAll: number[];
  /** How many actions the fixAll requests answered (the big file has nothing to fix: 0 expected). */
  fixAllActions: number[];
  /** Peak RSS (VmHWM) of the process after the big file's steps above, MB. */
  peakRssBigFileMb: number[];
  /** Peak RSS (VmHWM) of the process after all of the above, the whole corpus opened and more edits, MB. */
  peakRssMb: number[];
}

export interface LspRoundsOptions {
  readonly profiles: readonly ServerProfile[];
  /** The big file the edits are typed in. */
  readonly file: string;
  /** Every other file opened for the memory figure. */
  readonly corpusFiles: readonly string[];
  readonly rounds: number;
  /** Keystrokes per round and server, at each site. */
  readonly edits: number;
  readonly fixAllRequests: number;
  readonly log: (line: string) => void;
}

export interface LspResults {
  /** Where the letters were typed. */
  sites: { deployment: string; largest: string };
  /** Per profile name. */
  samples: Record<string, LspSamples>;
  /** `serverInfo` of each profile's server, by profile name. */
  serverInfo: Record<string, { name?: string; version?: string }>;
}

export async function lspRounds(options: LspRoundsOptions): Promise<LspResults> {
  const text = fs.readFileSync(options.file, 'utf8');
  const lines = linesOf(text);
  const uri = pathToFileURL(options.file).href;
  const deployment = deploymentSite(lines);
  const largest = largestDocumentSite(lines);
  const whole = wholeRange(lines);
  const corpus = options.corpusFiles.map((file) => ({ uri: pathToFileURL(file).href, text: fs.readFileSync(file, 'utf8') }));

  const samples: Record<string, LspSamples> = {};
  const serverInfo: LspResults['serverInfo'] = {};
  for (const profile of options.profiles) {
    samples[profile.name] = { open: [], deploymentEdit: [], largestEdit: [], fixAll: [], fixAllActions: [], peakRssBigFileMb: [], peakRssMb: [] };
  }

  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? [...options.profiles] : [...options.profiles].reverse();
    const sessions: BenchSession[] = [];
    try {
      for (const profile of order) sessions.push(await BenchSession.start(profile));
      /** Runs `step` on each server in this round's order. */
      const inTurn = async (step: (session: BenchSession, into: LspSamples) => Promise<void>) => {
        for (const session of sessions) await step(session, samples[session.profile.name]);
      };
      for (const session of sessions) serverInfo[session.profile.name] = session.serverInfo;

      await inTurn(async (s, into) => void into.open.push((await s.open(uri, text)).ms));
      for (let i = 0; i < options.edits; i++) {
        await inTurn(async (s, into) => void into.deploymentEdit.push((await s.change(uri, keystroke(deployment, i))).ms));
      }
      for (let i = 0; i < options.edits; i++) {
        await inTurn(async (s, into) => void into.largestEdit.push((await s.change(uri, keystroke(largest, i))).ms));
      }
      for (let i = 0; i < options.fixAllRequests; i++) {
        await inTurn(async (s, into) => {
          const { ms, actions } = await s.codeActions(uri, whole, ['source.fixAll']);
          into.fixAll.push(ms);
          into.fixAllActions.push(actions.length);
        });
      }
      await inTurn(async (s, into) => {
        into.peakRssBigFileMb.push(s.peakRssMb());
        await s.openAll(corpus);
        for (let i = 0; i < options.edits; i++) await s.change(uri, keystroke(deployment, options.edits + i));
        into.peakRssMb.push(s.peakRssMb());
      });
      for (const session of sessions) await session.stop();
    } finally {
      // After a failure (or a stop that did not end a process): no server outlives the run.
      for (const session of sessions) session.kill();
    }
    options.log(`round ${round + 1}/${options.rounds} done`);
  }
  return { sites: { deployment: deployment.description, largest: largest.description }, samples, serverInfo };
}
