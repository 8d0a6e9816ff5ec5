// Fix all: applies the preferred fix of every reported finding, the way eslint does: in each pass the fixes that
// do not overlap are applied, then the file is analysed again, until nothing is left to fix. Two findings often
// share one fix (the seed's emptyDir and its unmounted claim template); the second is gone after the first pass.
// The CLI's `fix` and the editor's `source.fixAll` both run it.
import { diffLines } from 'diff';
import type { Settings } from '../settings';
import { applyChanges, TextChange } from '../yaml/span';
import { FileAnalyser, FileAnalysis } from './analysis';
import { levelOf } from './levels';

export const MAX_PASSES = 10;

export interface FixResult {
  /** The fixed text; the input itself when nothing was fixed or the fixes could not be applied safely. */
  readonly output: string;
  /** The titles of the fixes applied, in order, e.g. "Mount volumeClaimTemplate 'sts-test' instead of emptyDir 'empty-dir'". */
  readonly applied: readonly string[];
  /** Why fixing stopped early, if it did: a fix that broke the YAML, or fixes that never converge. */
  readonly failure?: string;
}

interface Candidate {
  readonly ruleId: string;
  readonly title: string;
  readonly start: number;
  readonly end: number;
  readonly changes: readonly TextChange[];
}

/**
 * `uri` names the file in the analysis: only the fixes' changes to that file are applied. `analysed`, the analysis
 * of `text` at hand (the editor's), answers at once when there is nothing to fix.
 */
export function fixAll(text: string, settings: Settings, uri = '', analysed?: FileAnalysis): FixResult {
  if (analysed && analysed.text === text && candidatesOf(analysed, settings).length === 0) return { output: text, applied: [] };
  const analyser = new FileAnalyser(uri);
  const applied: string[] = [];
  let current = text;
  let syntaxErrors = syntaxErrorCount(analyser, current, settings);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const candidates = preferredFixes(analyser, current, settings);
    if (candidates.length === 0) return { output: current, applied };
    const chosen: Candidate[] = [];
    let end = -1;
    for (const candidate of candidates) {
      // Like eslint, `<=`: a fix that touches the previous one waits for the next pass, which re-analyses.
      if (candidate.start <= end) continue;
      chosen.push(candidate);
      end = candidate.end;
    }
    const next = applyChanges(current, chosen.flatMap((candidate) => candidate.changes));
    const errors = syntaxErrorCount(analyser, next, settings);
    if (errors > syntaxErrors) {
      const ids = [...new Set(chosen.map((candidate) => candidate.ruleId))].join(', ');
      return { output: text, applied: [], failure: `the fix for ${ids} would break the YAML; nothing was changed` };
    }
    if (next === current) return { output: current, applied };
    applied.push(...chosen.map((candidate) => candidate.title));
    syntaxErrors = errors;
    current = next;
  }
  if (preferredFixes(analyser, current, settings).length > 0) {
    return { output: text, applied: [], failure: `fixes did not settle after ${MAX_PASSES} passes; nothing was changed` };
  }
  return { output: current, applied };
}

/** The preferred fix of each finding whose rule is not off, in file offsets, sorted by where it starts. */
function preferredFixes(analyser: FileAnalyser, text: string, settings: Settings): Candidate[] {
  return candidatesOf(analyser.analyse(text, settings.maxFileSize), settings);
}

function candidatesOf(file: FileAnalysis, settings: Settings): Candidate[] {
  const candidates: Candidate[] = [];
  for (const finding of file.findings) {
    if (levelOf(finding.ruleId, settings) === 'off') continue;
    const fix = finding.fixes(settings).find((candidate) => candidate.preferred);
    if (!fix || fix.changes.length === 0 || fix.changes.some((change) => change.uri !== file.uri)) continue;
    const changes = fix.changes.map(({ start, end, text: newText }) => ({ start, end, text: newText }));
    candidates.push({
      ruleId: finding.ruleId,
      title: fix.title,
      start: Math.min(...changes.map((change) => change.start)),
      end: Math.max(...changes.map((change) => change.end)),
      changes,
    });
  }
  return candidates.sort((a, b) => a.start - b.start || a.end - b.end);
}

function syntaxErrorCount(analyser: FileAnalyser, text: string, settings: Settings): number {
  return analyser.analyse(text, settings.maxFileSize).documents.filter(({ analysis }) => analysis.yaml.errors.length > 0).length;
}

/**
 * The changes that turn `before` into `after`, one per run of changed lines, so that an editor applying them leaves
 * every other line (and its markers, folds and cursor) alone.
 */
export function lineChanges(before: string, after: string): TextChange[] {
  const changes: TextChange[] = [];
  let offset = 0;
  for (const part of diffLines(before, after)) {
    const last = changes[changes.length - 1];
    const touching = last !== undefined && last.end === offset;
    if (part.removed) {
      if (touching) changes[changes.length - 1] = { ...last, end: offset + part.value.length };
      else changes.push({ start: offset, end: offset + part.value.length, text: '' });
      offset += part.value.length;
    } else if (part.added) {
      if (touching) changes[changes.length - 1] = { ...last, text: last.text + part.value };
      else changes.push({ start: offset, end: offset, text: part.value });
    } else {
      offset += part.value.length;
    }
  }
  return changes;
}
