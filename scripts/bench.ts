/**
 * `npm run bench [-- write|size|reads|reports|channels|demo|targets]`: every benchmark, or the ones named. Figures
 * are printed with their raw baselines and targets; the README records a run.
 */
import { benchChannels } from './bench/channels.js';
import { benchDemo } from './bench/demo.js';
import { benchLedgerSize } from './bench/ledger-size.js';
import { benchReports } from './bench/reports.js';
import { benchStockReads } from './bench/stock-reads.js';
import { benchTargets } from './bench/targets.js';
import { benchWritePath } from './bench/write-path.js';

const chosen = new Set(process.argv.slice(2));
const all = chosen.size === 0;
if (all || chosen.has('write')) await benchWritePath();
if (all || chosen.has('size')) await benchLedgerSize();
if (all || chosen.has('reads')) await benchStockReads();
if (all || chosen.has('reports')) await benchReports();
if (all || chosen.has('channels')) await benchChannels();
if (all || chosen.has('demo')) await benchDemo();
if (all || chosen.has('targets')) await benchTargets();
