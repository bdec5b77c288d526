// The recipe as data: its six stages and every tip of /work/shared/recipe.md with their ids, plus the common
// mistakes listed under stage 2 (2.M1-2.M6), and 2.M7, the learning-rate schedule's silent failure the recipe's
// introduction names ("misconfigured … learning rate, decay"). Code, docs, the sidebar and the rules' `tip` fields all point here.

/** How a tip can be decided: S a static check decides it, P partly or heuristically, C only the user can judge. */
export type TipKind = 'S' | 'P' | 'C' | 'S/P' | 'C/P';

export interface StageInfo {
  id: number;
  /** One word, for messages and the status bar: "Overfit". */
  name: string;
  /** The stage's heading in the recipe. */
  title: string;
  /** What the stage is about, one or two sentences (tooltips, the walkthrough). */
  summary: string;
  /** Present participle for gaps: "you are regularizing, but …". */
  doing: string;
}

export interface TipInfo {
  /** "2.1", or "2.M1" for the common mistakes. */
  id: string;
  stage: number;
  /** One line, for the tree and the terminal. */
  title: string;
  /** The tip's explanation (tooltips). */
  text: string;
  kind: TipKind;
  /** One of the common mistakes listed under stage 2. */
  mistake: boolean;
  /**
   * Essential tips are listed as gaps when the project is past their stage and they are still open: the ones
   * the recipe builds every later step on.
   */
  essential: boolean;
  /** For essential tips: how a gap reads after "you are regularizing, but …". */
  gap?: string;
  /** Whether the user may tick the tip by hand (the sidebar shows a checkbox): every tip a static check cannot decide alone. */
  checkable: boolean;
}

export const STAGES: readonly StageInfo[] = [
  {
    id: 1,
    name: 'Data',
    title: 'Become one with the data',
    summary: 'Look through the data before writing model code: distributions, duplicates, corrupt examples, imbalance, biases.',
    doing: 'exploring the data',
  },
  {
    id: 2,
    name: 'Skeleton',
    title: 'End-to-end training/evaluation skeleton + dumb baselines',
    summary: 'Build a simple, trustworthy training and evaluation loop, verify it with baselines and sanity checks before trying to win.',
    doing: 'building the skeleton',
  },
  {
    id: 3,
    name: 'Overfit',
    title: 'Overfit',
    summary: 'Get a model large enough to overfit the training set, focusing on the training loss, with a safe optimizer and a constant learning rate.',
    doing: 'overfitting',
  },
  {
    id: 4,
    name: 'Regularize',
    title: 'Regularize',
    summary: 'Give up some training loss for validation loss: more data, augmentation, pretraining, dropout, weight decay, early stopping.',
    doing: 'regularizing',
  },
  {
    id: 5,
    name: 'Tune',
    title: 'Tune',
    summary: 'Search the hyper-parameters: random search over grid search, or a Bayesian optimisation tool.',
    doing: 'tuning',
  },
  {
    id: 6,
    name: 'Squeeze',
    title: 'Squeeze out the juice',
    summary: 'Ensembles and patience: the last few percent.',
    doing: 'squeezing out the last percent',
  },
];

type TipRow = [id: string, kind: TipKind, title: string, text: string, gap?: string];

const ROWS: readonly TipRow[] = [
  ['1.1', 'C', 'Look through many examples', 'Look through many examples before writing model code: distribution, duplicates, corrupt images or labels, class imbalance, biases.', 'nothing shows you looked through the data'],
  ['1.2', 'C', 'Notice how you classify examples yourself', 'Notice how you classify examples yourself: local vs global context, which variation matters, label noise.'],
  ['1.3', 'C', 'Search, filter, sort and plot the data', 'Write code to search, filter and sort the data; plot distributions and outliers along every axis.'],
  ['1.4', 'S/P', 'Preprocess like the pretrained network', 'Preprocessing must match what a pretrained network was trained with (normalisation mean/std).'],
  ['2.1', 'S', 'Fix the random seed', 'Fix the random seed so two runs give the same result.', 'the random seed is not fixed'],
  ['2.2', 'P', 'Simplify: no augmentation yet', 'Simplify: turn off augmentation and other extras while building the skeleton.'],
  ['2.3', 'S/P', 'Evaluate on the whole validation set', 'Add significant digits to the evaluation: evaluate on the whole validation/test set, not a few batches.', 'nothing shows an evaluation on the whole validation set'],
  ['2.4', 'P', 'Verify the loss at initialisation', 'Verify the loss at initialisation (softmax cross-entropy over C classes should start near ln C).'],
  ['2.5', 'P', 'Initialise the final layer well', 'Initialise well: final-layer bias from the data (target mean, base-rate log-odds).'],
  ['2.6', 'C', 'Human baseline', 'Human baseline: track a metric a person can interpret, compare with human accuracy.'],
  ['2.7', 'C', 'Input-independent baseline', 'Input-independent baseline: train with inputs zeroed; the real model must beat it.'],
  ['2.8', 'P', 'Overfit one batch', 'Overfit one batch: a few examples, drive the loss to its minimum.', 'nothing shows you overfitted one batch'],
  ['2.9', 'C', 'Loss decreases as capacity grows', 'Verify the training loss decreases as capacity is added.'],
  ['2.10', 'P', 'Visualise what goes into the network', 'Visualise exactly what goes into the network, right before the forward call.'],
  ['2.11', 'P', 'Visualise prediction dynamics', 'Visualise predictions on a fixed batch over the course of training.'],
  ['2.12', 'P', 'Chart dependencies with backprop', 'Use backprop to chart dependencies (catches batch mixing, e.g. view used where permute was meant).'],
  ['2.13', 'C', 'Loopy version first, then vectorise', 'Write the simple, loopy version first, then vectorise and compare.'],
  // (the title names what its three rules report, not only NR204's: NR211's running loss kept with its graph and
  // NR215's tensors never disposed are read under it too; reviews 128, 138, 139)
  ['2.M1', 'S', 'Carry nothing between steps (gradients, graphs, tensors)', 'Common mistake: not zeroing the gradients before backward, so they accumulate across steps; likewise a running loss kept with its graph, or tensors never disposed, carried from one step to the next.'],
  ['2.M2', 'S', 'Switch train/eval mode', 'Common mistake: forgetting to switch between train and eval mode (dropout, BatchNorm).'],
  ['2.M3', 'S', 'Give the loss logits, not probabilities', 'Common mistake: feeding softmax outputs to a loss that expects raw logits.'],
  ['2.M4', 'S', 'No bias before BatchNorm', 'Common mistake: a bias on a layer that a BatchNorm follows (BatchNorm cancels it).'],
  ['2.M5', 'S', 'permute, not view, to reorder axes', 'Common mistake: using view where permute was meant, which silently mixes examples.'],
  ['2.M6', 'P', 'Overfit a single batch first', 'Common mistake: not trying to overfit a single batch first.'],
  ['2.M7', 'S', 'Step the scheduler after the optimizer', 'Silent failure: a misconfigured learning-rate schedule, stepped before the optimizer so that every rate comes one step early.'],
  ['3.1', 'C', "Don't be a hero", "Don't be a hero: copy the simplest architecture of the closest paper before inventing one."],
  ['3.2', 'S', 'Adam at 3e-4 for baselines', 'Adam is safe: for baselines use Adam with learning rate 3e-4; tuned SGD may win later for ConvNets.'],
  ['3.3', 'C', 'Complexify one thing at a time', 'Complexify one thing at a time and check each gives the expected gain.'],
  ['3.4', 'S/P', "Don't trust learning-rate decay defaults", "Don't trust learning-rate decay defaults copied from another setup; start with a constant rate."],
  ['4.1', 'C', 'Get more real data', 'Get more real data: the most reliable regulariser.'],
  ['4.2', 'S/P', 'Data augmentation', 'Data augmentation: half-fake data.'],
  ['4.3', 'C', 'Creative augmentation', 'Creative augmentation: domain randomisation, simulation, synthetic mixes.'],
  ['4.4', 'S', 'Pretrain', 'Pretrain: use a pretrained network when one exists.'],
  ['4.5', 'C', 'Stick with supervised learning', 'Stick with supervised learning.'],
  ['4.6', 'C', 'Smaller input dimensionality', 'Smaller input dimensionality: drop spurious features, smaller images.'],
  ['4.7', 'C/P', 'Smaller model', 'Smaller model: use domain knowledge (e.g. global average pooling instead of big FC heads).'],
  ['4.8', 'P', 'Decrease the batch size', 'Decrease the batch size (stronger BatchNorm regularisation).'],
  ['4.9', 'S', 'Dropout', 'Dropout: Dropout2d (spatial) for ConvNets; use sparingly next to BatchNorm.'],
  ['4.10', 'S', 'Weight decay', 'Weight decay: increase the penalty.'],
  ['4.11', 'S', 'Early stopping', 'Early stopping on validation loss.'],
  ['4.12', 'C', 'Try a larger model, early-stopped', 'Try a larger model, early-stopped.'],
  ['4.13', 'C', 'Visualise first-layer weights', 'Visualise the first-layer weights and activations.'],
  ['5.1', 'S', 'Random search over grid search', 'Random search over grid search.'],
  ['5.2', 'P', 'Hyper-parameter optimisation tools', 'Hyper-parameter optimisation tools (Bayesian).'],
  ['6.1', 'C', 'Ensembles', 'Ensembles: a few percent almost for free; distil if inference cost matters.'],
  ['6.2', 'P', 'Leave it training', 'Leave it training: nets keep improving long after they seem to plateau.'],
];

export const TIPS: readonly TipInfo[] = ROWS.map(([id, kind, title, text, gap]) => ({
  id,
  stage: Number(id.split('.')[0]),
  title,
  text,
  kind,
  mistake: id.includes('M'),
  essential: gap !== undefined,
  ...(gap !== undefined ? { gap } : {}),
  checkable: kind !== 'S',
}));

const BY_ID = new Map(TIPS.map((t) => [t.id, t]));

export function tipInfo(id: string): TipInfo | undefined {
  return BY_ID.get(id);
}

export function stageInfo(stage: number): StageInfo | undefined {
  return STAGES[stage - 1];
}

export function tipsOfStage(stage: number): TipInfo[] {
  return TIPS.filter((t) => t.stage === stage);
}

/** "stage 2 (skeleton)", for messages. */
export function stageLabel(stage: number): string {
  const s = stageInfo(stage);
  return s ? `stage ${stage} (${s.name.toLowerCase()})` : `stage ${stage}`;
}

/** Whether a stage number is valid (1-6). */
export function isStage(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= STAGES.length;
}
