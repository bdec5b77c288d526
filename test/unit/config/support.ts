// Helpers for the config tests: hosts over in-memory files (with or without folder listing) and fixture folders.
import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';
import { Analyzer, type AnalysisResult, type ProjectHost } from '../../../src/engine';

export const FIXTURES = join(__dirname, '../../fixtures/config');

/** A host over in-memory files keyed by absolute path; with `listing`, it can also list folders. */
export function memoryHost(files: Record<string, string>, listing = false): ProjectHost {
  const host: ProjectHost & { listDir?: (dir: string) => string[] } = { readFile: (p) => files[p] };
  if (listing) {
    host.listDir = (dir) => {
      const prefix = dir.endsWith('/') ? dir : dir + '/';
      const names = Object.keys(files)
        .filter((p) => p.startsWith(prefix))
        .map((p) => p.slice(prefix.length))
        .map((rest) => (rest.includes('/') ? rest.slice(0, rest.indexOf('/') + 1) : rest));
      return [...new Set(names)];
    };
  }
  return host;
}

/** Analyses one file of an in-memory project (paths relative to /project). */
export function analyzeIn(files: Record<string, string>, path: string, o: { stage?: number; listing?: boolean } = {}): AnalysisResult {
  const abs: Record<string, string> = {};
  for (const [p, t] of Object.entries(files)) abs[`/project/${p}`] = t;
  return new Analyzer({ host: memoryHost(abs, o.listing) }).analyze({ path: `/project/${path}`, text: files[path], stage: o.stage });
}

/** Every file under a fixture folder, as paths relative to it. */
export function fixtureFiles(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) visit(full);
      else out.push(relative(dir, full).split('\\').join('/'));
    }
  };
  visit(dir);
  return out.sort();
}

export function readFixture(dir: string, rel: string): string {
  return readFileSync(join(dir, rel), 'utf8');
}
