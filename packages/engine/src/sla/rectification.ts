// 差评整改时限: every real-name bad review (差评) is rectified and fed back to the rater within
// a number of working days of the rating (national rule: 15), counted like every other
// working-day limit.
import { DEFAULT_SLA_POLICY } from '@govperf/contracts';
import { CHINA_WORK_CALENDAR, workingDayDeadline, type WorkCalendar } from '../calendar/working-days';

export interface RectificationDeadlineOptions {
  /** Default 15 (`SlaPolicy.rectificationWorkingDays`). */
  workingDays?: number;
  calendar?: WorkCalendar;
}

/** Local midnight ending the Nth working day after the date of the 差评. */
export function ratingRectificationDeadline(ratedAt: Date, options: RectificationDeadlineOptions = {}): Date {
  return workingDayDeadline(ratedAt, options.workingDays ?? DEFAULT_SLA_POLICY.rectificationWorkingDays, options.calendar ?? CHINA_WORK_CALENDAR);
}
