import { strict as assert } from 'assert';
import { RULES } from '../../../src/engine';
import { STAGES, TIPS, stageLabel, tipInfo, tipsOfStage } from '../../../src/engine/stages';

describe('stages: the recipe as data', () => {
  it('has the six stages in order', () => {
    assert.deepEqual(
      STAGES.map((s) => `${s.id} ${s.name}`),
      ['1 Data', '2 Skeleton', '3 Overfit', '4 Regularize', '5 Tune', '6 Squeeze'],
    );
  });

  it('has every tip of the recipe, numbered per stage, plus the six common mistakes', () => {
    const counts = STAGES.map((s) => tipsOfStage(s.id).filter((t) => !t.mistake).length);
    assert.deepEqual(counts, [4, 13, 4, 13, 2, 2]);
    for (const s of STAGES) {
      const numbered = tipsOfStage(s.id).filter((t) => !t.mistake).map((t) => t.id);
      assert.deepEqual(numbered, numbered.map((_, i) => `${s.id}.${i + 1}`));
    }
    assert.deepEqual(TIPS.filter((t) => t.mistake).map((t) => t.id), ['2.M1', '2.M2', '2.M3', '2.M4', '2.M5', '2.M6', '2.M7']);
    assert.equal(new Set(TIPS.map((t) => t.id)).size, TIPS.length);
  });

  it('essential tips say how their gap reads; only tips a static check cannot decide are checkable', () => {
    for (const t of TIPS) {
      assert.equal(t.essential, t.gap !== undefined, t.id);
      assert.equal(t.checkable, t.kind !== 'S', t.id);
    }
    assert.deepEqual(TIPS.filter((t) => t.essential).map((t) => t.id), ['1.1', '2.1', '2.3', '2.8']);
  });

  it('every rule points at a tip of the recipe', () => {
    for (const r of RULES) assert.ok(tipInfo(r.tip), `${r.code} names unknown tip ${r.tip}`);
  });

  it('labels stages for messages', () => {
    assert.equal(stageLabel(2), 'stage 2 (skeleton)');
    assert.equal(stageLabel(6), 'stage 6 (squeeze)');
  });
});
