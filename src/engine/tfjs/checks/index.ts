// The TensorFlow.js checks, by rule code. A rule runs on TypeScript/JavaScript when its metadata lists those
// languages (src/engine/rules/) and it has a check here.
import type { TfjsCheck } from './context';
import { checkNR101 } from './NR101';
import { checkNR201 } from './NR201';
import { checkNR203 } from './NR203';
import { checkNR208 } from './NR208';
import { checkNR215 } from './NR215';
import { checkNR301 } from './NR301';
import { checkNR405 } from './NR405';

export const TFJS_CHECKS: Readonly<Record<string, TfjsCheck>> = {
  NR101: checkNR101,
  NR201: checkNR201,
  NR203: checkNR203,
  NR208: checkNR208,
  NR215: checkNR215,
  NR301: checkNR301,
  NR405: checkNR405,
};

export type { TfjsCheck, TfjsCheckContext } from './context';
