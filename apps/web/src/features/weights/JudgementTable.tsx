// The pairwise judgement editor: one row per pair A–B (i < j), Saaty's 1–9 scale in a labelled
// select; used by the AHP page and by an expert's matrix in a Delphi round.
import { Select, Table, Tag } from 'antd';
import { useT } from '../../i18n';
import { SAATY_VALUES, saatyLabel } from './saaty';

export function JudgementTable({ names, judgements, onChange, highlight, disabled }: {
  names: string[];
  judgements: ReadonlyMap<string, number>;
  onChange: (next: Map<string, number>) => void;
  /** Pairs `i-j` to mark (e.g. high dispersion in the previous round). */
  highlight?: ReadonlySet<string> | undefined;
  disabled?: boolean | undefined;
}) {
  const t = useT();
  const pairs = names.flatMap((_, i) => names.slice(i + 1).map((__, k) => ({ key: `${i}-${i + k + 1}`, i, j: i + k + 1 })));
  return (
    <Table
      className="judgements"
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={pairs}
      columns={[
        { title: 'A', render: (_: unknown, p) => <>{names[p.i]} {highlight?.has(p.key) && <Tag color="red">{t('w_highDispersion')}</Tag>}</> },
        {
          title: `A ${t('moreImportant')} B`,
          render: (_: unknown, p) => (
            <Select
              aria-label={`${names[p.i]} ${t('moreImportant')} ${names[p.j]}`}
              style={{ width: 100 }}
              virtual={false}
              listHeight={420}
              disabled={disabled}
              value={judgements.get(p.key) ?? 1}
              options={SAATY_VALUES.map((v) => ({ value: v, label: saatyLabel(v) }))}
              onChange={(value: number) => onChange(new Map(judgements).set(p.key, value))}
            />
          ),
        },
        { title: 'B', render: (_: unknown, p) => names[p.j] },
      ]}
    />
  );
}
