// The config checks, by rule code. A rule runs on YAML/JSON configs when its metadata lists those languages
// (src/engine/rules/) and it has a check here.
import type { ConfigCheck } from '../context';
import { checkNR201 } from './NR201';
import { checkNR203 } from './NR203';
import { checkNR216 } from './NR216';
import { checkNR301 } from './NR301';
import { checkNR302 } from './NR302';
import { checkNR404 } from './NR404';
import { checkNR405 } from './NR405';
import { checkNR501 } from './NR501';
import { checkNR601 } from './NR601';

export const CONFIG_CHECKS: Readonly<Record<string, ConfigCheck>> = {
  NR201: checkNR201,
  NR203: checkNR203,
  NR216: checkNR216,
  NR301: checkNR301,
  NR302: checkNR302,
  NR404: checkNR404,
  NR405: checkNR405,
  NR501: checkNR501,
  NR601: checkNR601,
};
