import { describe, expect, it } from 'vitest';
import type { PublishedRun, PublishedUnit, Region } from './api';
import { PORTAL_MESSAGES } from './i18n';
import { chainOf, defaultRegion, isMobile, optionsAt, percent, rankedUnits, runsByPeriod, selectedOf } from './regions';

const REGIONS: Region[] = [
  { code: '330000', name: '浙江省', level: 'province', parent: null },
  { code: '330100', name: '杭州市', level: 'city', parent: '330000' },
  { code: '330102', name: '上城区', level: 'county', parent: '330100' },
  { code: '330105', name: '拱墅区', level: 'county', parent: '330100' },
  { code: '330200', name: '宁波市', level: 'city', parent: '330000' },
];
const unit = (code: string, rank: number | null, score: number | null): PublishedUnit => ({ unit: code, name: code, peerGroup: 'g', score, grade: null, gradeName: null, rank });

describe('the portal region picker', () => {
  it('walks province → city → county', () => {
    expect(defaultRegion(REGIONS)).toBe('330000');
    const chain = chainOf(REGIONS, '330105');
    expect(chain).toEqual({ province: '330000', city: '330100', county: '330105' });
    expect(selectedOf(chain)).toBe('330105');
    expect(optionsAt(REGIONS, 'city', chain).map((r) => r.code)).toEqual(['330100', '330200']);
    expect(optionsAt(REGIONS, 'county', { province: '330000' })).toEqual([]);
    expect(optionsAt(REGIONS, 'county', chainOf(REGIONS, '330100')).map((r) => r.code)).toEqual(['330102', '330105']);
  });

  it('ranks the children of a region, or a county on its own', () => {
    const units = [unit('330000', 1, 90), unit('330100', 2, 80), unit('330200', 1, 85), unit('330102', null, null), unit('330105', 1, 70)];
    expect(rankedUnits(REGIONS, units, '330000').map((u) => u.unit)).toEqual(['330200', '330100']);
    expect(rankedUnits(REGIONS, units, '330100').map((u) => u.unit)).toEqual(['330105', '330102']);
    expect(rankedUnits(REGIONS, units, '330102').map((u) => u.unit)).toEqual(['330102']);
  });

  it('keeps the newest publication per period, newest period first', () => {
    const run = (id: string, period: string, publishedAt: string): PublishedRun => ({ id, system: { code: 'S', version: '1' }, period, scope: '330000', publishedAt });
    expect(runsByPeriod([run('a', '2025-Q1', '2025-04-01'), run('b', '2025-Q2', '2025-07-01'), run('c', '2025-Q1', '2025-05-01')]).map((r) => r.id)).toEqual(['b', 'c']);
  });

  it('formats rates and checks mobile numbers like the server', () => {
    expect(percent(4 / 7)).toBe('57.1%');
    expect(percent(null)).toBe('—');
    expect(['13812345678', '+86 138 1234 5678', '138-1234-5678'].every(isMobile)).toBe(true);
    expect(['12345678901', '0571-87654321', '1381234567', ''].some(isMobile)).toBe(false);
  });

  it('has every string in both languages', () => {
    for (const [key, text] of Object.entries(PORTAL_MESSAGES)) {
      expect(text.zh.trim(), key).not.toBe('');
      expect(text.en.trim(), key).not.toBe('');
    }
  });
});
