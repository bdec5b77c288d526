// What a config check sees: the parsed config, which kinds of training config it is, the scripts near it, and a
// way to report. Checks live in ./checks, one per rule code; a rule runs on configs when its metadata lists
// 'yaml'/'json' and it has a check there.
import type { ProjectHost } from '../analyze';
import type { PyModule } from '../python/semantic';
import type { ReportInput } from '../rules/rule';
import type { LineIndex } from '../text';
import type { ConfigKind } from './kinds';
import type { YamlLoad } from './loaders';
import type { ConfigDoc } from './tree';

export interface ConfigCheckContext {
  /** The config's path, with `/` separators. */
  path: string;
  text: string;
  lines: LineIndex;
  stage: number | undefined;
  host: ProjectHost | undefined;
  doc: ConfigDoc;
  kinds: ReadonlySet<ConfigKind>;
  /** The project's scripts near the config and the modules they import (read on first use). */
  scripts(): PyModule[];
  /** The PyYAML loads of this config in those scripts (computed on first use). */
  yamlLoads(): YamlLoad[];
  report(r: ReportInput): void;
}

export type ConfigCheck = (ctx: ConfigCheckContext) => void;
