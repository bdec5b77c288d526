// The extension's analysis worker (src/extension/worker): the engine answers from another thread exactly what it
// answers in-process; open documents' unsaved texts reach it; newer requests for a file replace queued ones; the
// file being edited goes before a workspace scan; a worker that dies is replaced (and after repeated deaths the
// engine runs in-process); a request that never finishes is stopped.
import { strict as assert } from 'assert';
import { isMainThread, threadId } from 'worker_threads';
import { Analyzer, assessProject, fixAll } from '../../src/engine';
import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DiskReader } from '../../src/extension/files';
import { AnalysisService } from '../../src/extension/worker/analysis-worker';
import { AnalysisClient, type AnalysisClientOptions } from '../../src/extension/worker/client';
import type { DocsUpdate, Request, Results } from '../../src/extension/worker/protocol';
import { generateProject } from '../../scripts/lib/corpus';
import { generateScript } from '../../scripts/lib/generate';

const WORKER = require.resolve('../../src/extension/worker/analysis-worker.ts');

const MODEL = 'import torch.nn as nn\nimport torch.nn.functional as F\n\n\nclass SoftNet(nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.fc = nn.Linear(8, 2)\n\n    def forward(self, x):\n        return F.softmax(self.fc(x), dim=1)\n';
const PLAIN_MODEL = MODEL.replace('F.softmax(self.fc(x), dim=1)', 'self.fc(x)');
const TRAIN = 'import torch\nfrom torch import nn\nfrom model import SoftNet\n\ntorch.manual_seed(0)\nmodel = SoftNet()\ncriterion = nn.CrossEntropyLoss()\nopt = torch.optim.SGD(model.parameters(), lr=0.1)\nfor x, y in loader:\n    loss = criterion(model(x), y)\n    loss.backward()\n    opt.step()\n';

/** A client over a mutable set of "open documents" (path → text), sent as the extension sends them. */
function harness(extra: Partial<AnalysisClientOptions> = {}) {
  const open = new Map<string, string>();
  const sent = new Map<string, string>();
  const logs: string[] = [];
  const client = new AnalysisClient({
    script: WORKER,
    disk: () => false,
    docs: (fresh): DocsUpdate => {
      if (fresh) sent.clear();
      const set = [...open].filter(([p, t]) => sent.get(p) !== t);
      for (const [p, t] of set) sent.set(p, t);
      const drop = [...sent.keys()].filter((p) => !open.has(p));
      for (const p of drop) sent.delete(p);
      return { set, drop };
    },
    log: (level, message) => logs.push(`${level}: ${message}`),
    ...extra,
  });
  return { client, open, logs };
}

const codes = (r: { result: { findings: { code: string }[] } } | undefined): string[] => (r?.result.findings ?? []).map((f) => f.code).sort();

/** An assessment as the stages sidebar runs it: the first request, then one more per step the worker asks for. */
async function assessAll(client: AnalysisClient, request: Extract<Request, { kind: 'assess'; files: unknown }>): Promise<{ answer: Results['assess'] | undefined; steps: number }> {
  const key = `assess:${request.scope}`;
  let answer = await client.request(request, 'idle', key);
  let steps = 1;
  for (; answer && 'more' in answer; steps++) answer = await client.request({ kind: 'assess', scope: request.scope, resume: true }, 'idle', key);
  return { answer, steps };
}

describe('extension analysis worker', function () {
  this.timeout(120_000);
  const { client, open, logs } = harness();
  after(() => client.dispose());

  it('answers from another thread what the engine answers in-process', async () => {
    const text = generateScript(600, 3);
    const options = { path: '/p/train.py', text, stage: 2 };
    const answer = await client.request({ kind: 'analyze', options });
    assert.ok(answer, 'no answer');
    assert.ok(isMainThread);
    assert.notEqual(client.lastThreadId, undefined);
    assert.notEqual(client.lastThreadId, threadId, 'the analysis ran on the calling thread');
    assert.equal(client.inProcess, false);
    const local = new Analyzer().analyze(options);
    assert.ok(local.findings.length > 0, 'the script should have findings');
    assert.deepEqual(answer.result, local);
  });

  it('reads other files from the open documents it is sent, and forgets closed ones', async () => {
    open.set('/p/model.py', MODEL);
    const options = { path: '/p/train.py', text: TRAIN };
    const withSoftmax = await client.request({ kind: 'analyze', options });
    assert.ok(codes(withSoftmax).includes('NR208'), `NR208 expected through model.py: ${codes(withSoftmax).join(',')}`);
    open.set('/p/model.py', PLAIN_MODEL); // an unsaved edit of the model
    const edited = await client.request({ kind: 'analyze', options });
    assert.ok(!codes(edited).includes('NR208'), 'the edited model has no softmax any more');
    assert.ok(codes(edited).includes('NR204'), 'the rest of the findings stay');
    open.set('/p/model.py', MODEL);
    assert.ok(codes(await client.request({ kind: 'analyze', options })).includes('NR208'));
    open.delete('/p/model.py'); // closed, and not on disk (disk reads are off)
    assert.ok(!codes(await client.request({ kind: 'analyze', options })).includes('NR208'));
  });

  it('replaces a queued request by a newer one for the same key, and serves interactive requests first, idle ones last', async () => {
    const big = generateScript(4000, 5);
    const order: string[] = [];
    const track = <T>(name: string, p: Promise<T | undefined>) => p.then((v) => (order.push(`${name}:${v === undefined ? 'replaced' : 'done'}`), v));
    const first = track('scan1', client.request({ kind: 'analyze', options: { path: '/p/a.py', text: big } }, 'background'));
    const idle = track('idle', client.request({ kind: 'analyze', options: { path: '/p/c.py', text: TRAIN } }, 'idle'));
    const scan2 = track('scan2', client.request({ kind: 'analyze', options: { path: '/p/b.py', text: big } }, 'background'));
    const old = track('old', client.request({ kind: 'analyze', options: { path: '/p/edit.py', text: TRAIN } }, 'interactive', 'edit'));
    const newer = track('new', client.request({ kind: 'analyze', options: { path: '/p/edit.py', text: TRAIN + '\n' } }, 'interactive', 'edit'));
    await Promise.all([first, idle, scan2, old, newer]);
    // scan1 was already running; the edit's newer version replaced the older one and went before scan2; the idle
    // request, queued before scan2, went after it
    assert.deepEqual(order, ['old:replaced', 'scan1:done', 'new:done', 'scan2:done', 'idle:done']);
    assert.equal((await newer)?.result.path, '/p/edit.py');
  });

  it('computes fix-all and stage assessments like the engine does in-process', async () => {
    const options = { path: '/p/train.py', text: TRAIN.replace('from model import SoftNet', 'from torch.nn import Linear as SoftNet') };
    const fixed = await client.request({ kind: 'fixAll', options });
    const local = fixAll(options.text, (t) => new Analyzer().analyze({ ...options, text: t }));
    assert.ok(local.applied > 0);
    assert.deepEqual(fixed, local);
    const files = [{ path: '/p/model.py', text: MODEL }, { path: '/p/train.py', text: TRAIN }];
    const { answer: report } = await assessAll(client, { kind: 'assess', scope: 'p', files });
    assert.ok(report && 'report' in report);
    assert.deepEqual(report.report, assessProject(files));
    // texts already sent need not be sent again; a text the worker never had is asked for
    const { answer: again } = await assessAll(client, { kind: 'assess', scope: 'p', files: files.map((f) => ({ path: f.path })) });
    assert.ok(again && 'report' in again);
    assert.deepEqual(again.report, report.report);
    assert.deepEqual(await client.request({ kind: 'assess', scope: 'other', files: [{ path: '/p/model.py' }] }), { missing: true });
    // nothing to resume (a new worker): the texts are asked for again
    assert.deepEqual(await client.request({ kind: 'assess', scope: 'never', resume: true }), { missing: true });
  });

  it('assesses a big project a step at a time: the check of a file being edited is answered before the assessment ends', async () => {
    const files = generateProject({ lines: 8_000, seed: 5 }).map((f) => ({ path: `/big/${f.path}`, text: f.text }));
    const order: string[] = [];
    const assessing = assessAll(client, { kind: 'assess', scope: 'big', files }).then((r) => {
      order.push('assessment');
      return r;
    });
    const options = { path: '/p/train.py', text: TRAIN.replace('from model import SoftNet', 'from torch.nn import Linear as SoftNet') };
    const check = client.request({ kind: 'analyze', options }).then((r) => {
      order.push('check');
      return r;
    });
    const [{ answer, steps }, checked] = await Promise.all([assessing, check]);
    assert.deepEqual(order, ['check', 'assessment']);
    assert.deepEqual(codes(checked), codes({ result: new Analyzer().analyze(options) }));
    assert.ok(steps > 2, `steps: ${steps}`);
    assert.ok(answer && 'report' in answer);
    assert.deepEqual(answer.report, assessProject(files));
  });

  it('starts a new worker when one dies, and sends it the open documents again', async () => {
    open.set('/p/model.py', MODEL);
    const before = await client.request({ kind: 'analyze', options: { path: '/p/train.py', text: TRAIN } });
    const oldThread = client.lastThreadId;
    assert.ok(codes(before).includes('NR208'));
    await client.terminateWorker();
    const after = await client.request({ kind: 'analyze', options: { path: '/p/train.py', text: TRAIN } });
    assert.ok(codes(after).includes('NR208'), 'the new worker must have model.py');
    assert.notEqual(client.lastThreadId, oldThread);
    assert.ok(logs.some((l) => l.startsWith('warn: the analysis worker stopped')), logs.join('\n'));
  });
});

describe('extension analysis worker: what it keeps between requests', () => {
  let id = 1;
  /** An assessment in-process, as the sidebar runs it: the request, then one per step until the report. */
  const assessIn = (service: AnalysisService, request: Extract<Request, { kind: 'assess'; files: unknown }>) => {
    let answer = service.handle({ id: id++, request }) as Results['assess'];
    while ('more' in answer) answer = service.handle({ id: id++, request: { kind: 'assess', scope: request.scope, resume: true } }) as Results['assess'];
    return answer;
  };

  it('drops a file checked from disk after its check, unless an assessment reads it', () => {
    const service = new AnalysisService({ kind: 'nn-recipe-analysis', disk: false });
    const files = [
      { path: '/p/model.py', text: MODEL },
      { path: '/p/train.py', text: TRAIN },
    ];
    assert.ok('report' in assessIn(service, { kind: 'assess', scope: 'p', files }));
    const check = (path: string, text: string) => service.handle({ id: id++, request: { kind: 'analyze', options: { path, text }, forget: true } });
    check('/p/train.py', TRAIN);
    assert.equal(service.holds('/p/train.py'), true, 'read by the assessment');
    check('/q/other.py', TRAIN);
    assert.equal(service.holds('/q/other.py'), false, 'checked from disk, nothing else reads it');
    service.handle({ id: id++, request: { kind: 'forget', path: '/p/train.py' } });
    assert.equal(service.holds('/p/train.py'), false, 'a forget request drops it all the same');
  });

  it('a new assessment of a folder replaces the one under way: its report is that of the new files', () => {
    const service = new AnalysisService({ kind: 'nn-recipe-analysis', disk: false });
    const big = generateProject({ lines: 3_000, seed: 9 }).map((f) => ({ path: `/g/${f.path}`, text: f.text }));
    const first = service.handle({ id: id++, request: { kind: 'assess', scope: 'g', files: big } });
    assert.deepEqual(first, { more: true }, 'a project of this size takes more than one step');
    // files changed meanwhile: the sidebar sends them again (one text changed, the others by path only)
    const changed = big.map((f, i) => (i === 0 ? { path: f.path, text: f.text + '\n# changed\n' } : f));
    const answer = assessIn(service, { kind: 'assess', scope: 'g', files: changed.map((f, i) => (i === 0 ? f : { path: f.path })) });
    assert.ok('report' in answer);
    assert.deepEqual(answer.report, assessProject(changed));
    // done: nothing left to resume
    assert.deepEqual(service.handle({ id: id++, request: { kind: 'assess', scope: 'g', resume: true } }), { missing: true });
  });
});

describe('extension analysis worker: reading files from disk', () => {
  it('reads a file again whenever it changed: its size, its modification time, or a write that put the time back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-recipe-disk-'));
    try {
      const reader = new DiskReader();
      const path = join(dir, 'model.py');
      writeFileSync(path, 'a = 1\n');
      assert.equal(reader.read(path), 'a = 1\n');
      assert.equal(reader.read(path), 'a = 1\n');
      // a modification time in whole seconds, which utimes sets exactly
      const T = 1_700_000_000;
      writeFileSync(path, 'a = 22\n');
      utimesSync(path, T, T);
      assert.equal(reader.read(path), 'a = 22\n', 'another size');
      // file times tick with the kernel's clock (a few milliseconds): the next write once it has ticked
      const written = statSync(path).ctimeMs;
      const probe = join(dir, 'probe');
      do writeFileSync(probe, '');
      while (statSync(probe).ctimeMs === written);
      writeFileSync(path, 'a = 33\n');
      utimesSync(path, T, T);
      assert.equal(statSync(path).mtimeMs, T * 1000);
      assert.equal(reader.read(path), 'a = 33\n', 'same size, modification time put back');
      rmSync(path);
      assert.equal(reader.read(path), undefined, 'gone');
      writeFileSync(path, 'a = 33\n');
      assert.equal(reader.read(path), 'a = 33\n', 'back');
      assert.equal(reader.read(dir), undefined, 'a folder');
      const big = join(dir, 'big.py');
      writeFileSync(big, '#'.repeat(3 * 1024 * 1024));
      assert.equal(reader.read(big), undefined, 'over the size limit');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('extension analysis worker failures', function () {
  this.timeout(120_000);

  it('stops a request that does not finish in time, answering undefined', async () => {
    const { client, logs } = harness({ timeoutMs: 1 });
    try {
      const answer = await client.request({ kind: 'analyze', options: { path: '/p/huge.py', text: generateScript(20_000, 9) } });
      assert.equal(answer, undefined);
      assert.ok(logs.some((l) => l.includes('/p/huge.py did not finish in')), logs.join('\n'));
    } finally {
      client.dispose();
    }
  });

  it('analyses in-process after the worker died repeatedly, with the same answers', async () => {
    const { client, open, logs } = harness();
    try {
      open.set('/p/model.py', MODEL);
      const options = { path: '/p/train.py', text: TRAIN };
      for (let i = 0; i < 3; i++) {
        assert.ok(await client.request({ kind: 'analyze', options }));
        await client.terminateWorker();
      }
      const answer = await client.request({ kind: 'analyze', options });
      assert.equal(client.inProcess, true);
      assert.equal(client.lastThreadId, 0);
      assert.ok(codes(answer).includes('NR208'), 'the in-process host must have the open documents too');
      assert.ok(logs.some((l) => l.includes('analysing in-process from now on')), logs.join('\n'));
    } finally {
      client.dispose();
    }
  });

  it('analyses in-process at once when the worker script is missing', async () => {
    const { client, logs } = harness({ script: '/nowhere/analysis-worker.js' });
    try {
      const answer = await client.request({ kind: 'analyze', options: { path: '/p/train.py', text: TRAIN } });
      assert.ok(codes(answer).includes('NR204'));
      assert.equal(client.inProcess, true);
      assert.ok(logs.some((l) => l.includes('could not start the analysis worker') && l.includes('/nowhere/analysis-worker.js is missing')), logs.join('\n'));
    } finally {
      client.dispose();
    }
  });

  it('answers undefined once disposed', async () => {
    const { client } = harness({ inProcess: true });
    client.dispose();
    assert.equal(await client.request({ kind: 'forget', path: '/p/x.py' }), undefined);
  });
});
