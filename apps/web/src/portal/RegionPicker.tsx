// 省 → 市 → 县: three labelled native selects (the phone's own picker on mobile, keyboard as usual).
// Choosing a level clears the levels below; "all" at a level selects the level above.
import { useMemo } from 'react';
import type { Region } from './api';
import { useT } from './i18n';
import { chainOf, optionsAt, PICKER_LEVELS, selectedOf, type PickerLevel } from './regions';

export function RegionPicker({ regions, value, onChange }: { regions: Region[]; value: string; onChange: (code: string) => void }) {
  const t = useT();
  const chain = useMemo(() => chainOf(regions, value), [regions, value]);
  const pick = (level: PickerLevel, code: string) => {
    const index = PICKER_LEVELS.indexOf(level);
    const next: Partial<Record<PickerLevel, string>> = {};
    for (const l of PICKER_LEVELS.slice(0, index)) if (chain[l]) next[l] = chain[l];
    if (code) next[level] = code;
    const selected = selectedOf(next);
    if (selected) onChange(selected);
  };
  return (
    <fieldset className="region-picker">
      <legend>{t('region')}</legend>
      {PICKER_LEVELS.map((level) => {
        const options = optionsAt(regions, level, chain);
        const id = `region-${level}`;
        return (
          <div className="region-level" key={level}>
            <label htmlFor={id}>{t(level)}</label>
            <select id={id} value={chain[level] ?? ''} disabled={!options.length} onChange={(e) => pick(level, e.target.value)}>
              {level !== 'province' && <option value="">{t('all')}</option>}
              {options.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.name}
                </option>
              ))}
            </select>
          </div>
        );
      })}
    </fieldset>
  );
}
