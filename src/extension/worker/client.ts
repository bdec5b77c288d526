// The extension host's side of the analysis worker: a queue of requests with priorities (the file being typed in
// goes before a workspace scan), one request at a time in the worker, newer requests for the same file replacing
// queued older ones. If the worker dies it is started again for the next request; if it cannot be started (or
// keeps dying) the engine runs in-process, as before, so diagnostics never stop. No `vscode` import: unit-tested
// in plain Node.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AnalysisService } from './analysis-worker';
import type { DocsUpdate, Envelope, Reply, Request, Results, WorkerInit } from './protocol';

/**
 * The order requests are served in: `interactive` (the file being edited, hovers, code actions), then `background`
 * (a workspace check the user asked for), then `idle` (the stages sidebar's assessment, which runs by itself).
 */
export type Priority = 'interactive' | 'background' | 'idle';

const RANK: Record<Priority, number> = { interactive: 0, background: 1, idle: 2 };

export interface AnalysisClientOptions {
  /** The worker script; default: `analysis-worker.js` beside this bundle (the `.ts` source under tests). */
  script?: string;
  /** Whether files that are not open may be read from disk. */
  disk: () => boolean;
  /** The open documents' changes since the last call; `fresh`: a new worker, send every open document. */
  docs: (fresh: boolean) => DocsUpdate | undefined;
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** A request still running after this long stops the worker (a bug); default 60 s. */
  timeoutMs?: number;
  /** Run in-process from the start (no worker). */
  inProcess?: boolean;
}

interface Job {
  request: Request;
  priority: Priority;
  key?: string;
  resolve: (value: unknown) => void;
}

/** Crashes within this window that make the client give up on the worker and run in-process. */
const CRASH_WINDOW_MS = 60_000;
const MAX_CRASHES = 3;

export class AnalysisClient {
  private worker: Worker | undefined;
  private fallback: AnalysisService | undefined;
  private readonly queue: Job[] = [];
  private running: { job: Job; id: number; timer: NodeJS.Timeout } | undefined;
  private nextId = 1;
  private fresh = true;
  private lastDisk: boolean | undefined;
  private crashes: number[] = [];
  private disposed = false;
  /** The thread that answered the last request (the worker's id; 0 is the extension host's own thread). */
  lastThreadId: number | undefined;

  constructor(private readonly o: AnalysisClientOptions) {
    if (o.inProcess) this.fallback = new AnalysisService({ kind: 'nn-recipe-analysis', disk: o.disk() });
  }

  /**
   * Queues a request. Resolves with the worker's answer, or undefined when it was replaced by a newer request with
   * the same key, failed (logged), or the client was disposed.
   */
  request<K extends Request['kind']>(request: Extract<Request, { kind: K }>, priority: Priority = 'interactive', key?: string): Promise<Results[K] | undefined> {
    if (this.disposed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      if (key !== undefined) {
        const i = this.queue.findIndex((j) => j.key === key);
        if (i >= 0) this.queue.splice(i, 1)[0].resolve(undefined);
      }
      const job: Job = { request, priority, key, resolve: resolve as (v: unknown) => void };
      // after the jobs of the same priority or a higher one, before those of a lower one
      const at = this.queue.findIndex((j) => RANK[j.priority] > RANK[priority]);
      if (at < 0) this.queue.push(job);
      else this.queue.splice(at, 0, job);
      this.pump();
    });
  }

  /** Whether requests run in-process (no worker thread). */
  get inProcess(): boolean {
    return !!this.fallback;
  }

  /** Stops the worker (tests: a crash); the next request starts a new one. */
  terminateWorker(): Promise<number> {
    return this.worker?.terminate() ?? Promise.resolve(0);
  }

  private pump(): void {
    if (this.running || this.disposed) return;
    const job = this.queue.shift();
    if (!job) return;
    const worker = this.fallback ? undefined : this.ensureWorker();
    const envelope: Envelope = { id: this.nextId++, request: job.request };
    if (this.queue.length) envelope.more = true;
    const disk = this.o.disk();
    if (disk !== this.lastDisk) envelope.disk = this.lastDisk = disk;
    const docs = this.o.docs(this.fresh);
    this.fresh = false;
    if (docs && (docs.set?.length || docs.drop?.length)) envelope.docs = docs;
    if (!worker) {
      // In-process: asynchronous all the same, so callers see one behaviour.
      const service = this.fallback ?? (this.fallback = new AnalysisService({ kind: 'nn-recipe-analysis', disk }));
      setImmediate(() => {
        let value: unknown;
        try {
          value = service.handle(envelope);
          this.lastThreadId = 0;
        } catch (err) {
          this.o.log('error', `analysis failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
        }
        job.resolve(value);
        this.pump();
      });
      return;
    }
    const timer = setTimeout(() => this.timedOut(), this.o.timeoutMs ?? 60_000);
    this.running = { job, id: envelope.id, timer };
    worker.postMessage(envelope);
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker) return this.worker;
    try {
      const init: WorkerInit = { kind: 'nn-recipe-analysis', disk: this.o.disk() };
      const script = this.o.script ?? path.join(__dirname, 'analysis-worker.js');
      if (!fs.existsSync(script)) throw new Error(`${script} is missing`);
      let worker: Worker;
      if (script.endsWith('.ts')) {
        // From source (tests): load the worker through tsx, as this thread was.
        const loader = 'tsx/cjs'; // a variable: the bundler must not try to resolve it
        worker = new Worker(`require(${JSON.stringify(require.resolve(loader))}); require(${JSON.stringify(script)});`, { eval: true, workerData: init });
      } else {
        worker = new Worker(script, { workerData: init });
      }
      worker.on('message', (reply: Reply) => this.answered(reply));
      worker.on('error', (err) => this.o.log('error', `analysis worker failed: ${err.stack ?? err.message}`));
      worker.on('exit', (code) => this.exited(worker, code));
      worker.unref(); // never keeps the process alive on its own
      this.worker = worker;
      this.fresh = true;
      this.lastDisk = init.disk;
      return worker;
    } catch (err) {
      this.o.log('error', `could not start the analysis worker, analysing in-process: ${err instanceof Error ? err.message : String(err)}`);
      this.fallback = new AnalysisService({ kind: 'nn-recipe-analysis', disk: this.o.disk() });
      this.fresh = true;
      return undefined;
    }
  }

  private answered(reply: Reply): void {
    const run = this.running;
    if (!run || run.id !== reply.id) return;
    clearTimeout(run.timer);
    this.running = undefined;
    if (reply.ok) {
      this.lastThreadId = reply.threadId;
      run.job.resolve(reply.value);
    } else {
      this.o.log('error', `analysis failed: ${reply.error}`);
      run.job.resolve(undefined);
    }
    this.pump();
  }

  private timedOut(): void {
    const run = this.running;
    if (!run) return;
    const what = run.job.request.kind === 'analyze' ? ` of ${run.job.request.options.path}` : '';
    this.o.log('error', `the ${run.job.request.kind}${what} did not finish in ${((this.o.timeoutMs ?? 60_000) / 1000).toFixed(0)} s: stopped it (a bug in nn-recipe; please report it with the file)`);
    void this.worker?.terminate(); // `exited` answers the job and moves on
  }

  private exited(worker: Worker, code: number): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const run = this.running;
    this.running = undefined;
    if (run) {
      clearTimeout(run.timer);
      run.job.resolve(undefined);
    }
    if (this.disposed) return;
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < CRASH_WINDOW_MS), now];
    if (this.crashes.length >= MAX_CRASHES) {
      this.o.log('error', `the analysis worker stopped ${this.crashes.length} times in a minute: analysing in-process from now on`);
      this.fallback = new AnalysisService({ kind: 'nn-recipe-analysis', disk: this.o.disk() });
      this.fresh = true;
    } else {
      this.o.log('warn', `the analysis worker stopped (exit code ${code}); starting a new one`);
    }
    this.pump();
  }

  dispose(): void {
    this.disposed = true;
    if (this.running) clearTimeout(this.running.timer);
    this.running?.job.resolve(undefined);
    this.running = undefined;
    for (const job of this.queue.splice(0)) job.resolve(undefined);
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
