// 权重计算: AHP on one matrix, Delphi consultations in rounds, and the entropy/combined preview.
import { Tabs } from 'antd';
import type { Me } from '../../api-client';
import { useT } from '../../i18n';
import { AhpPage } from './AhpPage';
import { DelphiPanel } from './DelphiPanel';
import { PreviewPanel } from './PreviewPanel';

export function WeightsPage({ me, onError }: { me: Me; onError: (message: string) => void }) {
  const t = useT();
  const judge = me.permissions.includes('weights.judge');
  return (
    <Tabs
      className="weights-tabs"
      items={[
        { key: 'ahp', label: t('w_ahp'), children: <div className="ahp-page"><AhpPage onError={onError} /></div> },
        ...(judge ? [{ key: 'delphi', label: t('w_delphi'), children: <DelphiPanel me={me} onError={onError} /> }] : []),
        { key: 'preview', label: t('w_preview'), children: <PreviewPanel onError={onError} /> },
      ]}
    />
  );
}
