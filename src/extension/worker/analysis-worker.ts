// The analysis worker: the engine runs here, off the extension host's thread, so typing, scrolling and every
// other extension stay responsive while a big file or a whole workspace is analysed. It serves one request at
// a time (the client sends the next one when this one is answered) and keeps the parses between requests.
import * as fs from 'node:fs';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { Analyzer, Assessment, fixAll, type SourceFile } from '../../engine';
import type { ListingHost } from '../../engine/config/python';
import { DiskReader } from '../files';
import type { Envelope, Reply, Request, Results, WorkerInit } from './protocol';


/**
 * Open documents first (their unsaved text), then the disk when it may be read, then the files the last
 * assessments were sent (in a virtual workspace, the only way to see files that are not open).
 */
export class WorkerHost implements ListingHost {
  readonly docs = new Map<string, string>();
  /** The texts the last assessment of each scope (a workspace folder) was sent, by path. */
  readonly assessed = new Map<string, Map<string, string>>();
  private readonly diskReader = new DiskReader();
  constructor(public disk: boolean) {}

  readFile(absPath: string): string | undefined {
    const open = this.docs.get(absPath);
    if (open !== undefined) return open;
    if (this.disk) return this.diskReader.read(absPath);
    for (const files of this.assessed.values()) {
      const text = files.get(absPath);
      if (text !== undefined) return text;
    }
    return undefined;
  }

  /** A folder's entries, folders ending with `/` (the config analysis looks for the scripts that load a config). */
  listDir(absDir: string): string[] | undefined {
    if (!this.disk) return undefined;
    try {
      return fs.readdirSync(absDir, { withFileTypes: true }).map((d) => (d.isDirectory() ? `${d.name}/` : d.name));
    } catch {
      return undefined;
    }
  }
}

/** How long one turn of idle work may hold the worker: a request that arrives meanwhile waits about that long. */
export const IDLE_SLICE_MS = 8;

/**
 * How long one step of a project's assessment may hold the worker (it stops after the file that reaches it): a check
 * of the file being edited waits about that long behind an assessment, not for all of it.
 */
export const ASSESS_STEP_MS = 25;

export class AnalysisService {
  readonly host: WorkerHost;
  private readonly analyzer: Analyzer;
  /** The assessment under way, per scope (a workspace folder). */
  private readonly assessments = new Map<string, Assessment>();
  constructor(init: WorkerInit) {
    this.host = new WorkerHost(init.disk);
    this.analyzer = new Analyzer({ host: this.host, fastParse: true });
  }

  /**
   * Idle work, a slice of it per call (about `IDLE_SLICE_MS`): Lezer's tree for documents whose first versions were
   * read by the fast path, so that their next edit is parsed incrementally. Whether there is more to do.
   */
  idle(): boolean {
    this.analyzer.prepareForEdits(IDLE_SLICE_MS);
    return this.analyzer.hasEditsToPrepare;
  }

  /**
   * Whether the worker keeps a Python file's parse and findings: a file checked from disk is dropped after its
   * check, unless an assessment reads it too.
   */
  holds(path: string): boolean {
    return this.analyzer.dependencies(path) !== undefined;
  }

  /** Whether a file is one of those the last assessment of some folder was sent. */
  private assessed(path: string): boolean {
    for (const files of this.host.assessed.values()) if (files.has(path)) return true;
    return false;
  }

  handle(e: Envelope): Results[Request['kind']] {
    if (e.disk !== undefined) this.host.disk = e.disk;
    for (const [path, text] of e.docs?.set ?? []) this.host.docs.set(path, text);
    for (const path of e.docs?.drop ?? []) this.host.docs.delete(path);
    const r = e.request;
    switch (r.kind) {
      case 'analyze': {
        const t0 = performance.now();
        const result = this.analyzer.analyze(r.options);
        const ms = performance.now() - t0;
        // a file of an assessed folder stays: the sidebar's next assessment reads it again
        if (r.forget && !this.assessed(r.options.path)) this.analyzer.forget(r.options.path);
        return { result, ms };
      }
      case 'assess': {
        let job = this.assessments.get(r.scope);
        if ('resume' in r) {
          if (!job) return { missing: true };
        } else {
          const files: SourceFile[] = [];
          const before = this.host.assessed.get(r.scope);
          for (const f of r.files) {
            const text = f.text ?? before?.get(f.path);
            if (text === undefined) return { missing: true };
            files.push({ path: f.path, text });
          }
          this.host.assessed.set(r.scope, new Map(files.map((f) => [f.path, f.text])));
          // a new assessment of the scope replaces one under way
          this.assessments.set(r.scope, (job = new Assessment(files, r.projectFile, this.analyzer, { settings: r.settings })));
        }
        const report = job.step(ASSESS_STEP_MS);
        if (!report) return { more: true };
        this.assessments.delete(r.scope);
        return { report };
      }
      case 'fixAll': {
        // A separate analyzer: the editor's parse cache keeps the real document text only.
        const scratch = new Analyzer({ host: this.host, fastParse: true });
        return fixAll(r.options.text, (text) => scratch.analyze({ ...r.options, text }));
      }
      case 'forget':
        this.analyzer.forget(r.path);
        return null;
    }
  }
}

const init = workerData as Partial<WorkerInit> | null;
if (parentPort && init?.kind === 'nn-recipe-analysis') {
  const port = parentPort;
  const service = new AnalysisService(init as WorkerInit);
  // Idle work runs between messages, a slice per turn of the event loop, so a request waits for one slice at most.
  let idleScheduled = false;
  const idle = (): void => {
    idleScheduled = false;
    try {
      if (service.idle()) scheduleIdle();
    } catch {
      // a file whose tree cannot be built stays on the fast path; the next request parses it as usual
    }
  };
  const scheduleIdle = (): void => {
    if (!idleScheduled) {
      idleScheduled = true;
      setImmediate(idle);
    }
  };
  port.on('message', (e: Envelope) => {
    let reply: Reply;
    try {
      reply = { id: e.id, ok: true, value: service.handle(e), threadId };
    } catch (err) {
      reply = { id: e.id, ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) };
    }
    port.postMessage(reply);
    // idle work only when nothing waits behind this request (the next one is sent as soon as this reply arrives)
    if (!e.more) scheduleIdle();
  });
}
