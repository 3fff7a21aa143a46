// The registry of keying strategies. Adding a strategy: write one module in strategies/ that
// returns a Strategy (strategy.ts), add its id (and variants) to variants.ts, and add one line
// here.

import type { StrategyFactory } from './strategy';
import type { StrategyId } from './variants';
import { pinnedPage } from './strategies/pinned-page';
import { vcache } from './strategies/vcache';
import { rusty2003 } from './strategies/rusty-2003';
import { jamie2003 } from './strategies/jamie-2003';
import { gorman2013 } from './strategies/gorman-2013';
import { modern } from './strategies/modern';

export const STRATEGIES: Record<StrategyId, StrategyFactory> = {
  'pinned-page': pinnedPage,
  vcache,
  'rusty-2003': rusty2003,
  'jamie-2003': jamie2003,
  'gorman-2013': gorman2013,
  modern,
};
