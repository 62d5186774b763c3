import { describe, expect, it } from 'vitest';
import { periodRange } from './period';

describe('periodRange', () => {
  it('maps months, quarters and years to half-open ranges in China Standard Time', () => {
    expect(periodRange('2025-06')).toMatchObject({ kind: 'month', start: new Date('2025-05-31T16:00:00Z'), end: new Date('2025-06-30T16:00:00Z') });
    expect(periodRange('2025-12').end).toEqual(new Date('2025-12-31T16:00:00Z'));
    expect(periodRange('2025-Q3')).toMatchObject({ kind: 'quarter', start: new Date('2025-06-30T16:00:00Z'), end: new Date('2025-09-30T16:00:00Z') });
    expect(periodRange('2025-Q4').end).toEqual(new Date('2025-12-31T16:00:00Z'));
    expect(periodRange('2025')).toMatchObject({ kind: 'year', start: new Date('2024-12-31T16:00:00Z'), end: new Date('2025-12-31T16:00:00Z') });
  });
  it('refuses other shapes with the reason', () => {
    expect(() => periodRange('2025-13')).toThrow(/a period is a month/);
    expect(() => periodRange('2025-Q5')).toThrow(/a period is a month/);
    expect(() => periodRange('Q3-2025')).toThrow(/a period is a month/);
  });
});
