import { replace } from '../../python/edits';
import type { Block, Expr, Stmt } from '../../python/ir';
import { type CallExpr, type LoopInfo, type PyModule, type Scope, argumentFor, walkExpr, walkStmts } from '../../python/semantic';
import { dataLoaders, drawnFrom, evaluatesByContext, iterableOf, loopRole, nameTokens, roleOfName, stepLoops, valuesOf, walkStmtExprs } from '../../python/facts-eval';
import { gradCall, lastName, loopContents } from '../../python/torch';
import { stmtExprs } from '../../python/facts-autograd';
import { lastBatchReported, notNoneOperand, optionDefault } from '../../python/facts-recipe';
import type { LineIndex } from '../../text';
import type { TextEdit } from '../../types';
import { type FixInput, defineRule } from '../rule';

const LOADER_WORDS = new Set(['loader', 'dataloader', 'dl', 'batches', 'dataset', 'ds']);

/** Whether a loop iterates a data loader (or something named like one). */
function iteratesData(m: PyModule, it: Expr, scope: Scope): boolean {
  const loaders = dataLoaders(m);
  if (valuesOf(m, it, scope).some((v) => loaders.some((l) => l.call === v.expr))) return true;
  const n = lastName(it);
  return n !== undefined && nameTokens(n).some((t) => LOADER_WORDS.has(t) || /loader$/.test(t));
}

/** An evaluation loop: over evaluation data (or any data in an evaluation function / no-grad block), not training. */
function isEvaluationLoop(m: PyModule, loop: LoopInfo): boolean {
  if (loop.stmt.k !== 'for' || stepLoops(m).has(loop.stmt)) return false;
  if (loopContents(m, loop).calls.some(({ site }) => gradCall(site.scope.module, site)?.kind === 'backward')) return false;
  const role = loopRole(m, loop);
  if (role === 'train' || keepsNothing(loop)) return false;
  if (role === 'eval') return true;
  // (the data a `for i in range(n):` draws from with `next()`, or the loop's own iterable)
  const drawn = drawnFrom(m, loop);
  return iteratesData(m, drawn ? drawn.data : iterableOf(m, loop.stmt.iter, loop.scope).expr, drawn ? drawn.scope : loop.scope) && evaluatesByContext(m, loop);
}

/**
 * A loop that keeps nothing of what it computes: no assignment, no return or yield, no call named for a loss or a
 * metric, only calls whose results are dropped (`q_model(images)` feeding a few batches to a quantized model's observers
 * so they record activation ranges; optimum's calibration; review 126). It measures nothing, so it is no evaluation.
 */
function keepsNothing(loop: LoopInfo): boolean {
  let keeps = false;
  walkStmts(loop.stmt.body.stmts, (st) => {
    if (st.k === 'assign' || st.k === 'augassign' || st.k === 'return' || st.k === 'other') keeps = true;
    if (st.k === 'expr' && st.expr.k === 'call' && nameTokens(lastName(st.expr.fn) ?? '').some((t) => MEASURE_WORDS.has(t) || t === 'append' || t === 'extend' || t === 'print' || t === 'log')) keeps = true;
  });
  return !keeps;
}

/** Calls that log a sample to look at or listen to: TensorBoard's `add_audio`/`add_figure`, `save_image`, `wandb.Image`. */
const MEDIA = new Set(['add_audio', 'add_image', 'add_images', 'add_figure', 'add_video', 'add_mesh', 'save_image', 'imsave', 'imwrite', 'savefig', 'imshow', 'Image', 'Audio', 'Video']);
/** Words of a call that measures: a loss, a metric, a logged scalar. */
const MEASURE_WORDS = new Set(['loss', 'losses', 'criterion', 'metric', 'metrics', 'acc', 'accuracy', 'score', 'scores', 'error', 'err', 'psnr', 'ssim', 'eer', 'iou', 'dice', 'bleu', 'wer', 'cer', 'perplexity', 'ppl', 'mse', 'mae', 'scalar', 'scalars', 'update', 'evaluate', 'compute']);

/**
 * A gallery, not an evaluation: a loop that logs the first samples to look at or listen to (HiFi-GAN's five generated
 * clips, MelGAN's reference clips) and measures nothing: no call named for a loss or metric (nor a logged scalar, a
 * metric's `update`), no sum of anything but counts (`n += 1`).
 */
function galleryOnly(m: PyModule, loop: LoopInfo): boolean {
  const stmt = loop.stmt;
  let media = false;
  let measures = false;
  const kept = new Set<string>();
  walkStmtExprs(stmt.body.stmts, (e) => {
    if (e.k !== 'call') return;
    const name = lastName(e.fn) ?? '';
    // (also a function of the project that shows or saves a picture: `imshow(make_grid(pair), text)`)
    if (MEDIA.has(name) || savesPicture(m, e, loop.scope)) media = true;
    if (nameTokens(name).some((t) => MEASURE_WORDS.has(t))) measures = true;
    if (e.fn.k === 'attr' && e.fn.attr === 'append' && e.fn.obj.k === 'name') kept.add(e.fn.obj.id);
  });
  let sums = false;
  walkStmts(stmt.body.stmts, (s) => {
    if (s.k === 'augassign' && s.value.k !== 'num') sums = true;
  });
  if (measures || sums) return false;
  return media || (kept.size > 0 && onlyPictured(m, loop, kept));
}

/**
 * Whether the samples a loop keeps (`noisy_imgs.append(source)`) are read after it only to make pictures: handed to
 * a call that saves or logs one, or to a function of the project that does (Noise2Noise's `create_montage(i, noisy,
 * denoised, clean)`, which saves a figure), or counted (`range(len(noisy_imgs))`). Then the loop's limit is how many
 * to show, not how much of the data a metric covers.
 */
function onlyPictured(m: PyModule, loop: LoopInfo, kept: Set<string>): boolean {
  const fn = m.functionOf(loop.scope);
  if (!fn) return false;
  let reads = 0;
  let pictured = 0;
  let galleries = 0;
  const names = (e: Expr): number => {
    let n = 0;
    walkExpr(e, (x) => (n += x.k === 'name' && kept.has(x.id) ? 1 : 0));
    return n;
  };
  walkStmts(fn.stmt.body.stmts, (s) => {
    if (s.from < loop.stmt.to) return;
    // the kept samples made over (`noisy_imgs = [t.squeeze(0) for t in noisy_imgs]`) are still only those samples
    const remade = s.k === 'assign' && !!s.value && s.targets.every((t) => t.k === 'name' && kept.has(t.id));
    for (const e of s.k === 'assign' && s.value ? [s.value, ...s.targets.filter((t) => t.k !== 'name')] : stmtExprs(s))
      walkExpr(e, (x) => {
        if (x.k === 'name' && kept.has(x.id)) reads++;
        if (x.k !== 'call') return;
        const inside = [...x.args, ...x.kwargs.map((k) => k.value)].reduce((n, a) => n + names(a), 0);
        if (x.fn.k === 'name' && x.fn.id === 'len') pictured += inside;
        else if (MEDIA.has(lastName(x.fn) ?? '') || savesPicture(m, x, loop.scope)) {
          pictured += inside;
          if (inside) galleries++;
        }
      });
    if (remade && s.k === 'assign' && s.value) pictured += names(s.value);
  });
  return galleries > 0 && reads === pictured;
}

/** Words of a function's name that say it makes a picture (`create_montage`, `plot_samples`, `visualize`). */
const PICTURE_WORDS = new Set(['montage', 'plot', 'show', 'visualize', 'visualise', 'visualization', 'draw', 'gallery', 'figure', 'imshow']);

/**
 * Whether a call runs a function of the project that saves or logs a picture (`create_montage(…)` → `fig.savefig(…)`),
 * or, when the function cannot be read (a name imported from a file that is not there), one named for making one.
 */
function savesPicture(m: PyModule, call: CallExpr, scope: Scope): boolean {
  const fn = m.projectCallee(call, scope);
  if (!fn) return call.fn.k === 'name' && m.reachingAssignment(call.fn.id, scope, call.fn.from)?.via === 'import' && nameTokens(call.fn.id).some((t) => PICTURE_WORDS.has(t));
  let saves = false;
  walkStmtExprs(fn.stmt.body.stmts, (e) => (saves ||= e.k === 'call' && MEDIA.has(lastName(e.fn) ?? '')));
  return saves;
}

/** Whether an expression is, or holds, `len(...)`: a bound tied to the data's size (a full pass). */
function mentionsLength(m: PyModule, e: Expr, scope: Scope): boolean {
  let found = false;
  walkExpr(e, (x) => {
    if (x.k === 'call' && x.fn.k === 'name' && x.fn.id === 'len') found = true;
    if (x.k === 'name' && !found) {
      const r = m.resolve(x, scope);
      if (r && r.expr !== x && r.expr.k !== 'name') found ||= mentionsLength(m, r.expr, r.scope);
    }
  });
  return found;
}

function mentions(e: Expr, names: Set<string>): boolean {
  let found = false;
  walkExpr(e, (x) => {
    if (x.k === 'name' && names.has(x.id)) found = true;
  });
  return found;
}

/** A comparison of a batch counter with a fixed bound: `i >= 10`, `n_batches == args.eval_batches`, `limit < step`. */
function limitsCount(m: PyModule, test: Expr, counters: Set<string>, scope: Scope): Expr | undefined {
  // `if limit and total >= n:` with `limit=False` unless a caller turns it on, and none does for held-out data
  // (Social GAN's `check_accuracy(args, train_loader, g, limit=True)` for training statistics)
  if (test.k === 'binop' && test.op === 'and' && (offForEvaluation(m, test.left, scope) || offForEvaluation(m, test.right, scope))) return undefined;
  // `if max_val_steps is not None and batch_idx >= max_val_steps - 1:` with the limit read from a config or an option
  // the file does not set to a number: a smoke-test switch, None unless asked for (diffusion_policy's
  // `cfg.training.max_val_steps`, null in its config and set only under `if cfg.training.debug:`; review 144)
  if (test.k === 'binop' && test.op === 'and' && (optionalLimit(m, test.left, test.right, scope) || optionalLimit(m, test.right, test.left, scope))) return undefined;
  if (test.k === 'binop' && (test.op === 'and' || test.op === 'or')) return limitsCount(m, test.left, counters, scope) ?? limitsCount(m, test.right, counters, scope);
  if (test.k !== 'binop') return undefined;
  const up = test.op === '>' || test.op === '>=' || test.op === '==';
  const down = test.op === '<' || test.op === '<=';
  const [counter, bound] = up ? [test.left, test.right] : down ? [test.right, test.left] : [undefined, undefined];
  if (!counter || !bound) return undefined;
  if (!mentions(counter, counters) || mentions(bound, counters) || mentionsLength(m, bound, scope)) return undefined;
  // a limit that is None on every path (`max_batches=None` and no caller sets it) never stops the loop; one that is
  // None by default and otherwise set from a config or the command line (`limit_batches=cfg.limit_val_batches`,
  // `if limit_batches is not None and i >= limit_batches`) is a smoke-test switch, off unless asked for
  const values = valuesOf(m, bound, scope);
  const none = (v: { expr: Expr }): boolean => v.expr.k === 'const' && v.expr.value === 'None';
  if (values.length && values.every(none)) return undefined;
  // a count compared for equality with a negative bound never meets it: `-1`, "no limit" (`num_to_eval=-1` and every
  // caller passing -1; felixchenfy's `evaluate_model`, review 117)
  const negative = (v: { expr: Expr }): boolean => (v.expr.k === 'num' && v.expr.value < 0) || (v.expr.k === 'unary' && v.expr.op === '-' && v.expr.arg.k === 'num' && v.expr.arg.value > 0);
  if (test.op === '==' && values.length && values.every(negative)) return undefined;
  // … nor one computed from such a limit (`i >= max_val_steps - 1` with `max_val_steps = None`, under `max_val_steps is
  // not None and`: diffusion_policy's)
  let noneInside = false;
  walkExpr(bound, (x) => {
    if (x.k !== 'name' || x === bound || noneInside) return;
    const vs = valuesOf(m, x, scope);
    if (vs.length && vs.every(none)) noneInside = true;
  });
  if (noneInside) return undefined;
  const param = bound.k === 'name' ? m.reachingAssignment(bound.id, scope, bound.from) : undefined;
  const optIn = values.some(none) || (param?.via === 'param' && param.param?.default?.k === 'const' && param.param.default.value === 'None');
  if (optIn && !values.some((v) => v.expr.k === 'num')) return undefined;
  return test;
}

/**
 * Whether `guard` is `limit is not None` for a limit `rest` compares with, and nothing in the file gives the limit a
 * number: no number among the values it is assigned, no numeric default of the command-line option it reads.
 */
function optionalLimit(m: PyModule, guard: Expr, rest: Expr, scope: Scope): boolean {
  const limit = notNoneOperand(m, guard);
  if (!limit || (limit.k !== 'name' && limit.k !== 'attr')) return false;
  const text = m.text.slice(limit.from, limit.to);
  let compared = false;
  walkExpr(rest, (x) => void (compared ||= x.k === limit.k && m.text.slice(x.from, x.to) === text));
  if (!compared) return false;
  return !valuesOf(m, limit, scope).some((v) => v.expr.k === 'num') && optionDefault(m, limit, scope) === undefined;
}

/** Batch counters of a loop: the index of `enumerate(...)`/`zip(range(n), ...)`, and names incremented in the body. */
function counters(loop: Extract<Stmt, { k: 'for' }>): Set<string> {
  const out = new Set<string>();
  const it = loop.iter;
  if (it.k === 'call' && it.fn.k === 'name' && (it.fn.id === 'enumerate' || it.fn.id === 'zip') && loop.target.k === 'seq' && loop.target.items[0]?.k === 'name') out.add(loop.target.items[0].id);
  const visit = (stmts: Stmt[]): void => {
    for (const s of stmts) {
      if (s.k === 'augassign' && s.op === '+=' && s.target.k === 'name') out.add(s.target.id);
      if (s.k === 'if') for (const b of s.branches) visit(b.body.stmts);
      if (s.k === 'with') visit(s.body.stmts);
      if (s.k === 'try') for (const b of s.blocks) visit(b.stmts);
    }
  };
  visit(loop.body.stmts);
  return out;
}

/** Whether a block leaves the loop: a `break` in it (through `if`/`with`/`try`, not nested loops). */
function breaks(block: Block): boolean {
  return block.stmts.some((s) => s.k === 'break' || (s.k === 'if' && s.branches.some((b) => breaks(b.body))) || (s.k === 'with' && breaks(s.body)) || (s.k === 'try' && s.blocks.some(breaks)));
}

interface Stop {
  test: Expr;
  ifStmt: Extract<Stmt, { k: 'if' }>;
}

/**
 * Whether a switch is a parameter off by default (`limit=False`, `None`, `0`) that no call in the file turns on for
 * held-out data: every call that passes something else passes no argument named for a validation or test split.
 */
function offForEvaluation(m: PyModule, e: Expr, scope: Scope): boolean {
  if (e.k !== 'name') return false;
  const a = m.reachingAssignment(e.id, scope, e.from);
  const d = a?.via === 'param' ? a.param?.default : undefined;
  const off = (x: Expr | undefined): boolean => !!x && ((x.k === 'const' && (x.value === 'False' || x.value === 'None')) || (x.k === 'num' && x.value === 0));
  if (!a?.param || !off(d)) return false;
  const fn = m.functionOf(a.scope);
  if (!fn) return false;
  const param = a.param;
  return m.callersOf(fn).every((c) => {
    const arg = argumentFor(fn, param, c.call);
    if (!arg || off(arg)) return true;
    let heldOut = false;
    for (const x of [...c.call.args, ...c.call.kwargs.map((k) => k.value)]) walkExpr(x, (y) => (heldOut ||= (y.k === 'name' && roleOfName(y.id) === 'eval') || (y.k === 'attr' && roleOfName(y.attr) === 'eval')));
    return !heldOut;
  });
}

/** `if <counter limit>: break` statements of a loop body (not in nested loops). */
function stops(m: PyModule, loop: Extract<Stmt, { k: 'for' }>, scope: Scope): Stop[] {
  const names = counters(loop);
  const out: Stop[] = [];
  if (!names.size) return out;
  const visit = (stmts: Stmt[]): void => {
    for (const s of stmts) {
      if (s.k === 'if') {
        for (const b of s.branches) {
          // (or returns from the function, `if cnt >= neval_batches: return correct`: PyTorch's quantization tutorial's
          // evaluate; review 146)
          const test = b.test && (breaks(b.body) || b.body.stmts.some((x) => x.k === 'return')) ? limitsCount(m, b.test, names, scope) : undefined;
          if (test) out.push({ test, ifStmt: s });
          else visit(b.body.stmts);
        }
      } else if (s.k === 'with') visit(s.body.stmts);
      else if (s.k === 'try') for (const b of s.blocks) visit(b.stmts);
    }
  };
  visit(loop.body.stmts);
  return out;
}

/** Deletes an `if <limit>: break` statement when it is nothing else and the loop keeps other statements. */
function removeStop(lines: LineIndex, loopBody: Block, stop: Stop): TextEdit | undefined {
  const s = stop.ifStmt;
  const only = s.branches.length === 1 && s.branches[0].body.stmts.length === 1 && s.branches[0].body.stmts[0].k === 'break';
  if (!only || !loopBody.stmts.includes(s) || loopBody.stmts.length < 2) return undefined;
  const text = lines.text;
  let end = s.to;
  while (end > s.from && /\s/.test(text[end - 1])) end--;
  const first = lines.position(s.from).line;
  const last = lines.position(end).line;
  if (text.slice(lines.lineStart(first), s.from).trim() !== '') return undefined;
  if (text.slice(end, lines.lineEnd(last)).trim() !== '') return undefined;
  return { start: lines.lineStart(first), end: last + 1 < lines.lineCount ? lines.lineStart(last + 1) : text.length, newText: '' };
}

/** Replaces `islice(loader, n)` by `loader` and `zip(range(n), loader)` by `enumerate(loader)`. */
function removeLimit(limit: CallExpr, source: (e: Expr) => string): TextEdit | undefined {
  if (limit.args.length === 2 && limit.args[0].k === 'call') return replace(limit, `enumerate(${source(limit.args[1])})`);
  return limit.args[0] ? replace(limit, source(limit.args[0])) : undefined;
}

export default defineRule({
  code: 'NR203',
  name: 'partial-evaluation',
  stage: 2,
  tip: '2.3',
  languages: ['python', 'typescript', 'javascript', 'yaml', 'json'],
  defaultSeverity: 'warning',
  fixSafety: 'suggestion',
  docs: {
    summary: 'An evaluation loop stops after a fixed number of batches (`if i >= n: break` or `return`, `islice(val_loader, n)`), or reports its last batch\'s value instead of the total it adds up.',
    why:
      'The recipe asks for significant digits in the evaluation: run it on the whole validation or test set. A loop that ' +
      'stops after a few batches measures a noisy sample (often the same first batches, sometimes of a single class when ' +
      'the data is sorted), so improvements and regressions disappear in the noise. The rule looks at loops over ' +
      'validation/test loaders, or over data in evaluation functions and no-grad blocks; a `break` on a batch counter ' +
      '(an `enumerate` index or a counter the loop increments), an `islice`/`zip(range(n), …)` limit, or a `for i in range(n):` ' +
      'that draws its batches with `next()` from an iterator over the loader, `n` not being the loader\'s length (crnn.pytorch\'s ' +
      '`range(min(max_iter, len(val_loader)))`), is reported. ' +
      'Limits tied to `len(...)` (a full pass), breaks on other conditions (early stopping, `args.dry_run`), smoke-test ' +
      'limits that are `None` unless a caller passes a number (`limit_batches=None`) or that are read from a config or a command-line option without a number for its default and guarded by `is not None` (diffusion_policy\'s `max_val_steps`), a count compared for equality with a bound that is negative wherever it comes from (`if i + 1 == num_to_eval:` with `num_to_eval=-1`, "no limit"), limits behind a switch that is off ' +
      'by default and turned on only for training data (`if limit and total >= n:` with `limit=False`), budgets counted across passes ' +
      '(`while n < budget:` around the loop), index checks that do not stop the loop (`if i == 0: visualise(...)`), ' +
      'loops that only log the first samples to look at or listen to and measure nothing (`writer.add_audio(…)`, ' +
      '`save_image(…)`, with no loss, metric or logged scalar, as HiFi-GAN and MelGAN do, or show them through a plotting function of the file, or keep them in lists only to make pictures of them after the loop, as Noise2Noise\'s montages), loops that keep nothing they compute (a quantized model fed a few batches so its observers record activation ranges: a calibration) and limits on training loaders are not; nor, in configs, are a debugging ' +
      'override\'s limits (a Hydra `debug/` group file such as lightning-hydra-template\'s `debug/limit.yaml`, a `debug.yaml`). ' +
      'A loop that adds every batch\'s value into a total (`val_loss += reduced_val_loss`) that nothing reads, while the code ' +
      'reports that value after the loop (`print(…, reduced_val_loss)`: the last batch\'s, as in Tacotron 2\'s `validate`) is ' +
      'reported too: the average over the whole set is computed and thrown away.',
    bad: `import torch\n\n@torch.no_grad()\ndef evaluate(model, val_loader):\n    correct = 0\n    for i, (x, y) in enumerate(val_loader):\n        if i >= 10:\n            break\n        correct += (model(x).argmax(1) == y).sum().item()\n    return correct\n`,
    good: `import torch\n\n@torch.no_grad()\ndef evaluate(model, val_loader):\n    correct = 0\n    for i, (x, y) in enumerate(val_loader):\n        if i == 0:\n            show_batch(x)\n        correct += (model(x).argmax(1) == y).sum().item()\n    return correct\n`,
    fix: 'Suggests removing the limit: deletes the `if …: break` statement, or replaces `islice(loader, n)` by `loader` and `zip(range(n), loader)` by `enumerate(loader)`. For a last batch\'s value reported, suggests reporting the total instead, when the code averages it after the loop.',
  },
  checkPython(ctx) {
    const m = ctx.module;
    for (const loop of m.loops) {
      if (loop.stmt.k !== 'for' || ctx.hasSyntaxErrorIn(loop.stmt) || !isEvaluationLoop(m, loop)) continue;
      const stmt = loop.stmt;
      // every batch's value added into a total nothing reads, the last batch's reported after the loop (Tacotron 2)
      const last = lastBatchReported(m, loop);
      if (last && !galleryOnly(m, loop)) {
        const { total, value, averaged } = last;
        const over = ctx.source(iterableOf(m, stmt.iter, loop.scope).expr);
        ctx.report({
          span: last.reads[0],
          message: `After the loop over \`${over}\`, \`${value}\` holds the last batch's value only, and that is what is reported here; the loop adds every batch's into \`${total}\`${averaged ? ', averaged after it,' : ''} which nothing reads. Report \`${total}\`${averaged ? '' : ' (divided by the number of batches)'}.`,
          fixes: averaged ? [{ title: `Report \`${total}\`, the mean over every batch`, edits: last.reads.map((r) => ({ start: r.from, end: r.to, newText: total })) }] : [],
        });
      }
      // `for i in range(max_iter): next(val_iter)` with `max_iter = min(max_iter, len(val_loader))` (crnn.pytorch's
      // `val()`, `max_iter=100`): a fixed number of batches unless the count is the loader's length
      const drawn = drawnFrom(m, loop);
      if (drawn) {
        const count = m.resolve(drawn.count, loop.scope);
        const bounds = count?.expr.k === 'call' && lastName(count.expr.fn) === 'min' ? count.expr.args : [count?.expr ?? drawn.count];
        if (!bounds.every((b) => mentionsLength(m, b, count?.scope ?? loop.scope)) && !galleryOnly(m, loop)) {
          const n = count && count.expr !== drawn.count ? m.text.slice(count.expr.from, count.expr.to) : ctx.source(drawn.count);
          ctx.report({
            span: stmt.iter,
            message: `The evaluation over \`${ctx.source(drawn.data)}\` draws only \`${n}\` of its batches (\`${ctx.source(stmt.iter)}\` with \`next()\`): the metric covers only part of the data and is noisier than it looks. Evaluate on the whole set.`,
          });
        }
        continue;
      }
      const { expr: data, limit } = iterableOf(m, stmt.iter, loop.scope);
      const what = ctx.source(data);
      const bounds = limit && (limit.args.length === 2 && limit.args[0].k === 'call' ? [limit.args[0]] : limit.args.slice(1));
      if (limit && bounds && !bounds.some((a) => mentionsLength(m, a, loop.scope))) {
        if (galleryOnly(m, loop)) continue;
        const edit = removeLimit(limit, (e) => ctx.source(e));
        const fixes: FixInput[] = edit ? [{ title: `Evaluate on all of \`${what}\``, edits: [edit] }] : [];
        ctx.report({
          span: limit,
          message: `The evaluation over \`${what}\` stops after a fixed number of batches (\`${ctx.source(limit)}\`): the metric covers only part of the data and is noisier than it looks. Evaluate on the whole set.`,
          fixes,
        });
        continue;
      }
      // `while n < budget: for batch in loader: if n >= budget: break`: a budget of batches that goes over the
      // loader as many times as it takes (episodic evaluation on sampled tasks), not a part of one pass
      const outer = loop.parent?.stmt;
      const budget = outer?.k === 'while' && outer.body.stmts.includes(stmt) ? counters(stmt) : undefined;
      for (const stop of stops(m, stmt, loop.scope)) {
        if ((budget && outer?.k === 'while' && mentions(outer.test, budget)) || galleryOnly(m, loop)) continue;
        const edit = removeStop(ctx.lines, stmt.body, stop);
        const fixes: FixInput[] = edit ? [{ title: `Evaluate on all of \`${what}\``, edits: [edit] }] : [];
        ctx.report({
          span: stop.test,
          message: `The evaluation over \`${what}\` stops after a fixed number of batches (\`${ctx.source(stop.test)}\`): the metric covers only part of the data and is noisier than it looks. Evaluate on the whole set.`,
          fixes,
        });
      }
    }
  },
});
