// The migrations in order. Each file is named <date>-<sequence>-<what>; they never import
// application code, and only `govperf db migrate` (or an empty embedded database's first
// start) runs them.
import type { Migration } from 'kysely';
import * as m0001 from './2026-11-22-0001-org-structure';
import * as m0002 from './2026-11-22-0002-facts';
import * as m0003 from './2026-11-22-0003-evaluation-runs';
import * as m0004 from './2026-11-22-0004-users';
import * as m0005 from './2026-11-22-0005-jobs';
import * as m0006 from './2026-11-22-0006-access-control';
import * as m0007 from './2026-11-22-0007-metric-indexes';
import * as m0008 from './2026-11-22-0008-rectification';
import * as m0009 from './2026-11-22-0009-evaluation-appeals';
import * as m0010 from './2026-11-22-0010-public-rerating';
import * as m0011 from './2026-11-22-0011-feedback-loop';
import * as m0012 from './2026-11-22-0012-rating-appeals';
import * as m0013 from './2026-11-22-0013-system-publishing';
import * as m0014 from './2026-11-22-0014-notification-delivery';
import * as m0015 from './2026-11-22-0015-contributor-points';
import * as m0016 from './2026-11-22-0016-reference-values';
import * as m0017 from './2026-11-22-0017-delphi-consultations';
import * as m0018 from './2026-11-22-0018-run-progress';
import * as m0019 from './2026-11-22-0019-handling-record-lookup';
import * as m0020 from './2026-11-23-0020-metric-summaries';
import * as m0021 from './2026-11-23-0021-metric-row-indexes';
import * as m0022 from './2026-11-23-0022-metric-month-partials';

export const MIGRATIONS: Record<string, Migration> = {
  '2026-11-22-0001-org-structure': m0001,
  '2026-11-22-0002-facts': m0002,
  '2026-11-22-0003-evaluation-runs': m0003,
  '2026-11-22-0004-users': m0004,
  '2026-11-22-0005-jobs': m0005,
  '2026-11-22-0006-access-control': m0006,
  '2026-11-22-0007-metric-indexes': m0007,
  '2026-11-22-0008-rectification': m0008,
  '2026-11-22-0009-evaluation-appeals': m0009,
  '2026-11-22-0010-public-rerating': m0010,
  '2026-11-22-0011-feedback-loop': m0011,
  '2026-11-22-0012-rating-appeals': m0012,
  '2026-11-22-0013-system-publishing': m0013,
  '2026-11-22-0014-notification-delivery': m0014,
  '2026-11-22-0015-contributor-points': m0015,
  '2026-11-22-0016-reference-values': m0016,
  '2026-11-22-0017-delphi-consultations': m0017,
  '2026-11-22-0018-run-progress': m0018,
  '2026-11-22-0019-handling-record-lookup': m0019,
  '2026-11-23-0020-metric-summaries': m0020,
  '2026-11-23-0021-metric-row-indexes': m0021,
  '2026-11-23-0022-metric-month-partials': m0022,
};
