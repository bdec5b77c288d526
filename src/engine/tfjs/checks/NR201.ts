// NR201 for TensorFlow.js. tf.js has no global seed: every random op, initializer and shuffle takes its own.
// In a training script, report those that run once (data generation, weight initialisation, the pipeline)
// without a seed. Code in loops and callbacks is left alone: a constant seed there would draw the same
// numbers on every call (the same noise every step), which is worse than no seed.
import ts from 'typescript';
import { isJsTestFile } from '../../language';
import type { ReportInput } from '../../rules/rule';
import type { TextEdit } from '../../types';
import { addArguments, addProperty, quoteOf, quoted, replaceNode } from '../edits';
import type { LayerFact } from '../facts';
import { methodOf, numberLiteral, property } from '../semantic';
import type { TfjsCheck, TfjsCheckContext } from './context';

/** Random ops and the position of their seed argument. */
export const RANDOM_OPS: Record<string, number> = {
  'tf.randomNormal': 4,
  'tf.randomUniform': 4,
  'tf.truncatedNormal': 4,
  'tf.randomGamma': 4,
  'tf.randomStandardNormal': 2,
  'tf.randomUniformInt': 3,
  'tf.multinomial': 2,
};

const RANDOM_INITIALIZERS = new Set(['glorotUniform', 'glorotNormal', 'heNormal', 'heUniform', 'leCunNormal', 'leCunUniform', 'randomNormal', 'randomUniform', 'truncatedNormal', 'varianceScaling', 'orthogonal']);

/** Initializer options of layers whose default initializer is random, with that default. */
const LAYER_INITIALIZERS: Record<string, [option: string, init: string][]> = {};
for (const k of ['dense', 'conv1d', 'conv2d', 'conv3d', 'conv2dTranspose', 'conv3dTranspose']) LAYER_INITIALIZERS[k] = [['kernelInitializer', 'glorotUniform']];
LAYER_INITIALIZERS.depthwiseConv2d = [['depthwiseInitializer', 'glorotUniform']];
LAYER_INITIALIZERS.separableConv2d = [['depthwiseInitializer', 'glorotUniform'], ['pointwiseInitializer', 'glorotUniform']];
LAYER_INITIALIZERS.embedding = [['embeddingsInitializer', 'randomUniform']];
for (const k of ['simpleRNN', 'lstm', 'gru']) LAYER_INITIALIZERS[k] = [['kernelInitializer', 'glorotUniform'], ['recurrentInitializer', 'orthogonal']];

/**
 * Whether a seed is drawn anew on every run: `Math.random()`, `Date.now()`, `performance.now()`, `new Date()` (also
 * inside arithmetic: `Math.floor(Math.random() * 1e6)`). Such a seed seeds the op, but does not fix it.
 */
export function seedDrawnEachRun(e: ts.Expression): boolean {
  let drawn = false;
  const visit = (n: ts.Node): void => {
    if (drawn) return;
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ts.isIdentifier(n.expression.expression)) {
      const obj = n.expression.expression.text;
      const name = n.expression.name.text;
      if ((obj === 'Math' && name === 'random') || (obj === 'Date' && name === 'now') || (obj === 'performance' && name === 'now') || (obj === 'crypto' && /^(getRandomValues|randomInt|randomUUID)$/.test(name))) drawn = true;
    }
    if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'Date') drawn = true;
    ts.forEachChild(n, visit);
  };
  visit(e);
  return drawn;
}

/** Initializer names as strings: camelCase, class names (`GlorotNormal`) or Keras snake_case (`glorot_uniform`). */
function initializerName(s: string): string | undefined {
  const words = s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  const camel = (words.charAt(0).toLowerCase() + words.slice(1)).replace(/^lecun/, 'leCun');
  return RANDOM_INITIALIZERS.has(camel) ? camel : undefined;
}

/** A finding waiting for its seeds: they are numbered in file order once all are known. */
interface Pending {
  at: number;
  seeds: number;
  build(seeds: number[]): ReportInput;
  /** For an unseeded layer: what it is, for one finding over all the layers of a file. */
  layer?: (seeds: number[]) => { span: ReportInput['span']; kind: string; describe: string; edits: TextEdit[] };
}

export const checkNR201: TfjsCheck = (ctx) => {
  const { m, tf } = ctx;
  // a test suite fitting a model on random data is not a training run (a test wants its own fixed inputs, if any)
  if (!tf.isTrainingScript() || isJsTestFile(ctx.path)) return;
  // `Math.seedrandom('42')` (the seedrandom library) makes Math.random deterministic, and tf.js draws the seed of every
  // unseeded random op and initializer from Math.random: a global seed for those (a dataset's shuffle seeds itself
  // from the clock)
  const globalSeed = m.calls.some(({ call }) => seedsMathRandom(m, call));
  const pending: Pending[] = [];
  const used = new Set<number>();
  for (const site of m.calls) {
    const call = site.call;
    if (ctx.hasSyntaxErrorIn(call)) continue;
    const q = m.tfCallee(call);
    if (globalSeed && q && (q in RANDOM_OPS || q.startsWith('tf.initializers.') || q.startsWith('tf.layers.'))) continue;
    if (q && q in RANDOM_OPS) {
      const seed = call.arguments[RANDOM_OPS[q]];
      if (seed) recordSeed(used, numberLiteral(seed));
      else if (!call.arguments.some(ts.isSpreadElement) && tf.runsOnce(call, false)) pending.push(randomOp(ctx, call, q));
    } else if (q?.startsWith('tf.initializers.') && RANDOM_INITIALIZERS.has(q.slice('tf.initializers.'.length))) {
      const p = initializer(ctx, call, q, used);
      if (p) pending.push(p);
    } else if (q?.startsWith('tf.layers.')) {
      const layer = tf.layerOf(call);
      const p = layer && tf.runsOnce(call, true) ? unseededLayer(ctx, layer) : undefined;
      if (p) pending.push(p);
    } else if (!q && methodOf(call)?.name === 'shuffle' && call.arguments.length === 1 && tf.isDataset(call) && tf.runsOnce(call, true)) {
      pending.push(datasetShuffle(ctx, call));
    }
  }
  pending.sort((a, b) => a.at - b.at);
  let next = 42;
  const take = (): number => {
    while (used.has(next)) next++;
    return next++;
  };
  // Unseeded layers are one finding per file (a model of ten layers is one mistake, not ten), at the first of them,
  // with the others as related locations and one fix for all.
  const seeds = new Map(pending.map((p) => [p, Array.from({ length: p.seeds }, take)]));
  const layers = pending.filter((p) => p.layer);
  for (const p of pending) {
    if (layers.length < 2 || !p.layer) ctx.report(p.build(seeds.get(p) as number[]));
    else if (p === layers[0]) ctx.report(layerGroup(layers.map((l) => (l.layer as NonNullable<Pending['layer']>)(seeds.get(l) as number[]))));
  }
};

function layerGroup(group: { span: ReportInput['span']; kind: string; describe: string; edits: TextEdit[] }[]): ReportInput {
  const counts = new Map<string, number>();
  for (const l of group) counts.set(l.kind, (counts.get(l.kind) ?? 0) + 1);
  const kinds = [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
  const fixable = group.filter((l) => l.edits.length);
  return {
    span: group[0].span,
    message: `${group.length} layers of this file (${kinds}) start from unseeded initializers, so their initial weights differ on every run: tf.js has no global seed, so seed each layer's initializer (recipe 2.1). This one: ${group[0].describe}.`,
    related: group.slice(1).map((l) => ({ span: l.span, message: `also unseeded: this ${l.kind} layer's ${l.describe}` })),
    fixes: fixable.length ? [{ title: fixable.length === group.length ? `Seed the initializers of all ${group.length} layers` : `Seed the initializers of ${fixable.length} of the ${group.length} layers`, edits: fixable.flatMap((l) => l.edits) }] : [],
  };
}

/** `Math.seedrandom(seed)`, or `seedrandom(seed, { global: true })`: Math.random replaced by a seeded generator. */
export function seedsMathRandom(m: TfjsCheckContext['m'], call: ts.CallExpression): boolean {
  const fn = call.expression;
  if (!call.arguments.length) return false;
  if (ts.isPropertyAccessExpression(fn) && fn.name.text === 'seedrandom' && ts.isIdentifier(fn.expression) && fn.expression.text === 'Math') return true;
  const opts = call.arguments[1] && m.valueOf(call.arguments[1]);
  if (!ts.isIdentifier(fn) || !/seedrandom/i.test(fn.text) || !opts || !ts.isObjectLiteralExpression(opts)) return false;
  const global = property(opts, 'global');
  return global.kind === 'found' && global.value.kind === ts.SyntaxKind.TrueKeyword;
}

function recordSeed(used: Set<number>, n: number | undefined): void {
  if (n !== undefined) used.add(n);
}

function randomOp(ctx: TfjsCheckContext, call: ts.CallExpression, q: string): Pending {
  const at = RANDOM_OPS[q];
  const name = q.slice(3);
  return {
    at: call.getStart(ctx.sf),
    seeds: 1,
    build: ([seed]) => ({
      span: ctx.m.span(call.expression),
      message: `${name} draws different numbers on every run: tf.js has no global seed, so give it one (argument ${at + 1}) to make runs comparable (recipe 2.1).`,
      fixes: [{ title: 'Add a seed', edits: [addArguments(ctx.sf, call, [...Array<string>(Math.max(0, at - call.arguments.length)).fill('undefined'), String(seed)])] }],
    }),
  };
}

function initializer(ctx: TfjsCheckContext, call: ts.CallExpression, q: string, used: Set<number>): Pending | undefined {
  const { tf, sf } = ctx;
  const cfg = tf.config(call, 0);
  if (cfg === 'unknown') return undefined;
  if (cfg !== 'absent') {
    const seed = property(cfg, 'seed');
    // `heNormal({ seed: Math.random() })`: a new seed on every run (tfjs-grid-search; review 124)
    if (seed.kind === 'found' && seedDrawnEachRun(seed.value) && tf.runsOnce(call, true)) {
      const drawn = seed.value;
      return {
        at: call.getStart(sf),
        seeds: 1,
        build: ([n]) => ({
          span: ctx.m.span(drawn),
          message: `${q.slice(3)} is seeded with \`${drawn.getText(sf)}\`, a new seed on every run, so the initial weights still differ from run to run: give it a fixed seed (recipe 2.1).`,
          fixes: [{ title: 'Use a fixed seed', edits: [replaceNode(sf, drawn, String(n))] }],
        }),
      };
    }
    if (seed.kind !== 'absent') {
      if (seed.kind === 'found') recordSeed(used, tf.numberOf(seed.value)?.value);
      return undefined;
    }
  }
  if (!tf.runsOnce(call, true)) return undefined;
  const inline = cfg !== 'absent' && call.arguments[0] && ts.isObjectLiteralExpression(call.arguments[0]);
  if (cfg !== 'absent' && !inline) return undefined; // the config is shared: seeding it would seed several initializers alike
  return {
    at: call.getStart(sf),
    seeds: 1,
    build: ([seed]) => ({
      span: ctx.m.span(call.expression),
      message: `${q.slice(3)} has no seed, so the initial weights differ on every run: tf.js has no global seed (recipe 2.1).`,
      fixes: [{ title: 'Add a seed', edits: [cfg === 'absent' ? addArguments(sf, call, [`{ seed: ${seed} }`]) : addProperty(sf, ctx.lines, cfg, `seed: ${seed}`)] }],
    }),
  };
}

/** A layer whose weights start from an unseeded initializer: its default one, or one named by a string. */
function unseededLayer(ctx: TfjsCheckContext, layer: LayerFact): Pending | undefined {
  const { tf, sf, m } = ctx;
  const options = LAYER_INITIALIZERS[layer.kind];
  if (!options || !layer.known || !layer.config) return undefined;
  const cfg = layer.config;
  // (weights given, `weights: [gloveMatrix]`: the layer starts from them, not from its initializers; review 138)
  if (property(cfg, 'weights').kind !== 'absent') return undefined;
  const unseeded: { option: string; init: string; value?: ts.Expression }[] = [];
  for (const [option, init] of options) {
    const p = property(cfg, option);
    if (p.kind === 'unknown') return undefined;
    if (p.kind === 'absent') unseeded.push({ option, init });
    else {
      const name = tf.stringOf(p.value);
      const random = name !== undefined ? initializerName(name) : undefined;
      if (random) unseeded.push({ option, init: random, value: p.value });
    }
  }
  if (!unseeded.length) return undefined;
  const refs = unseeded.map((u) => tf.tfRef(`initializers.${u.init}`, layer.call));
  const describe = unseeded.map((u) => `${u.option} (${u.value ? '' : 'default '}${u.init})`).join(' and ');
  const edits = (seeds: number[]): TextEdit[] => {
    const out: TextEdit[] = [];
    if (layer.inline && refs.every((r) => r)) {
      const added: string[] = [];
      unseeded.forEach((u, i) => {
        const init = `${refs[i]}({ seed: ${seeds[i]} })`;
        if (u.value) out.push(replaceNode(sf, u.value, init));
        else added.push(`${u.option}: ${init}`);
      });
      if (added.length) out.push(addProperty(sf, ctx.lines, cfg, added.join(', ')));
    }
    return out;
  };
  return {
    at: layer.call.getStart(sf),
    seeds: unseeded.length,
    build: (seeds) => {
      const e = edits(seeds);
      return {
        span: m.span(layer.call.expression),
        message: `This ${layer.kind} layer starts from an unseeded ${describe}, so its initial weights differ on every run: tf.js has no global seed, so seed its initializer (recipe 2.1).`,
        fixes: e.length ? [{ title: `Seed the ${layer.kind} layer's initializer`, edits: e }] : [],
      };
    },
    layer: (seeds) => ({ span: m.span(layer.call.expression), kind: layer.kind, describe: `unseeded ${describe}`, edits: edits(seeds) }),
  };
}

function datasetShuffle(ctx: TfjsCheckContext, call: ts.CallExpression): Pending {
  const quote = quoteOf(ctx.sf);
  return {
    at: call.getStart(ctx.sf),
    seeds: 1,
    build: ([seed]) => ({
      span: ctx.m.span(call),
      message: 'This dataset shuffle has no seed, so the examples come in a different order on every run; with a seed it still reshuffles every epoch, the same way each run (recipe 2.1).',
      fixes: [{ title: 'Add a seed', edits: [addArguments(ctx.sf, call, [quoted(String(seed), quote)])] }],
    }),
  };
}
