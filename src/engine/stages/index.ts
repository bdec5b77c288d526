// The recipe's stages: the data (stages and tips), evidence detectors and the stage report. The sidebar and
// `nn-recipe stage` are thin adapters over `assessProject`'s `StageReport`.
export { STAGES, TIPS, isStage, stageInfo, stageLabel, tipInfo, tipsOfStage, type StageInfo, type TipInfo, type TipKind } from './recipe';
export { Assessment, assessProject, fileEvidence, inferStage, stageMark, withoutUncalled, type AssessOptions, type SourceFile } from './assess';
export type { Evidence, EvidenceKind, Gap, StageReport, StageState, StageStatus, TipState, TipStatus } from './types';
