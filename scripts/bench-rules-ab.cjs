// node scripts/bench-rules-ab.cjs BEFORE.js AFTER.js [lines=10000] [pairs=8] [edits per pair=10] [stage=2]: two bundles of
// scripts/bench-rules.ts (see its header), their edits interleaved in one process; medians of each pair, per-rule ms per edit.
// Mind its bias: the same bundle against a copy of itself gives B/A ~0.93 (2026-12-03): run that A/A pair next to an A/B one.
const [A, B] = [require(process.argv[2]), require(process.argv[3])];
const lines = +(process.argv[4] ?? 10000), pairs = +(process.argv[5] ?? 8), per = +(process.argv[6] ?? 10), stage = +(process.argv[7] ?? 2);
const a = A.makeBench(lines, stage), b = B.makeBench(lines, stage);
for (let w = 0; w < 6; w++) { a.edit(); b.edit(); }
a.times.clear(); b.times.clear();
const med = (x) => [...x].sort((p, q) => p - q)[x.length >> 1];
const ra = [], rb = [];
for (let p = 0; p < pairs; p++) {
  const xa = [], xb = [];
  const first = p % 2 ? [a, xa, b, xb] : [b, xb, a, xa];
  for (let k = 0; k < per; k++) first[1].push(first[0].edit());
  for (let k = 0; k < per; k++) first[3].push(first[2].edit());
  ra.push(med(xa)); rb.push(med(xb));
}
const n = pairs * per;
console.log(`A ${med(ra).toFixed(1)} ms  B ${med(rb).toFixed(1)} ms  (medians of ${pairs} pair medians; B/A per pair: ${ra.map((x, i) => (rb[i] / x).toFixed(2)).join(' ')})`);
const codes = [...new Set([...a.times.keys(), ...b.times.keys()])].sort((x, y) => (b.times.get(y) ?? 0) - (b.times.get(x) ?? 0));
console.log(codes.map((c) => `${c} ${((a.times.get(c) ?? 0) / n).toFixed(1)}/${((b.times.get(c) ?? 0) / n).toFixed(1)}`).join('  '));
