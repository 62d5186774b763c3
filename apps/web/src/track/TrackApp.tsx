// 反馈办理进度查询: the public tracking page at /track and /track/{code}. No sign-in: the one call
// is GET /api/public/track/{code}. The status steps 待审核 → 已受理 → 开发中 → 测试中 → 已上线 (or
// 不予采纳 with its reason), each with the time it was reached, and the full history. Everything
// from the server is rendered as text by React (never as HTML). zh-CN by default with an English
// switch, a large-text high-contrast mode, readable on a phone.
import { Alert, Button, ConfigProvider, Input, Layout, Space, Spin, Steps, Switch, Timeline, Typography, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useCallback, useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { codeFromPath, fetchTrack, TrackError, TRACKING_CODE, type TrackFailure, type TrackResult } from './api';
import { FLOW, formatTime, isKnownStatus, translate, type Language, type MessageKey } from './i18n';
import './track.css';

type StepStatus = 'wait' | 'process' | 'finish' | 'error';

function useNarrow(): boolean {
  const query = '(max-width: 700px)';
  const [narrow, setNarrow] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const onChange = () => setNarrow(list.matches);
    list.addEventListener('change', onChange);
    return () => list.removeEventListener('change', onChange);
  }, []);
  return narrow;
}

export function TrackApp() {
  const [language, setLanguage] = useState<Language>(() => (localStorage.getItem('govperf.track.language') === 'en' ? 'en' : 'zh'));
  const [largeText, setLargeText] = useState(() => localStorage.getItem('govperf.track.largeText') === '1');
  const [code, setCode] = useState<string | null>(() => codeFromPath(window.location.pathname));
  const [input, setInput] = useState(() => code ?? '');
  const [result, setResult] = useState<TrackResult | null>(null);
  const [failure, setFailure] = useState<TrackFailure | null>(null);
  const [loading, setLoading] = useState(false);
  const narrow = useNarrow();
  const t = useCallback((key: MessageKey, vars?: Record<string, string | number>) => translate(language, key, vars), [language]);

  useEffect(() => {
    localStorage.setItem('govperf.track.language', language);
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
    document.title = translate(language, 'title');
  }, [language]);
  useEffect(() => {
    localStorage.setItem('govperf.track.largeText', largeText ? '1' : '0');
    document.body.classList.toggle('large-text', largeText);
    document.body.classList.add('track');
  }, [largeText]);
  useEffect(() => {
    const onPop = () => {
      const next = codeFromPath(window.location.pathname);
      setCode(next);
      setInput(next ?? '');
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const load = useCallback(
    (target: string) => {
      setLoading(true);
      setFailure(null);
      fetchTrack(target, language).then(
        (found) => {
          setResult(found);
          setLoading(false);
        },
        (error: unknown) => {
          setResult(null);
          setFailure(error instanceof TrackError ? error.failure : { kind: 'failed' });
          setLoading(false);
        },
      );
    },
    [language],
  );
  useEffect(() => {
    if (code) load(code);
    else {
      setResult(null);
      setFailure(null);
    }
  }, [code, load]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = input.trim();
    if (!TRACKING_CODE.test(next)) {
      setResult(null);
      setFailure({ kind: 'bad_code' });
      return;
    }
    window.history.pushState(null, '', `/track/${encodeURIComponent(next)}`);
    if (next === code) load(next);
    else setCode(next);
  };

  const themeConfig = useMemo(
    () =>
      largeText
        ? { algorithm: theme.darkAlgorithm, token: { fontSize: 20, colorPrimary: '#ffd400', colorText: '#ffffff', colorBgBase: '#000000', colorLink: '#ffd400' } }
        : { token: { colorPrimary: '#c41d24', fontSize: 16 } },
    [largeText],
  );

  const failureText = (f: TrackFailure) =>
    f.kind === 'bad_code' ? t('badCode') : f.kind === 'not_found' ? t('notFound') : f.kind === 'too_many' ? t('tooMany', { s: f.retryAfterSeconds }) : f.message ? `${t('failed')} ${f.message}` : t('failed');

  return (
    <ConfigProvider locale={language === 'zh' ? zhCN : enUS} theme={themeConfig}>
      <Layout className="track-layout">
        <header className="track-header">
          <div>
            <Typography.Title level={1} className="track-title">
              {t('title')}
            </Typography.Title>
            <Typography.Text className="track-subtitle">{t('subtitle')}</Typography.Text>
          </div>
          <Space wrap className="track-switches">
            <label className="track-switch">
              <Switch checked={largeText} onChange={setLargeText} aria-label={t('largeText')} /> {t('largeText')}
            </label>
            <Button onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')} lang={language === 'zh' ? 'en' : 'zh-CN'} aria-label={t('switchLanguage')}>
              {t('language')}
            </Button>
          </Space>
        </header>
        <main className="track-content">
          <form role="search" className="track-form" onSubmit={submit}>
            <label htmlFor="track-code" className="track-label">
              {t('code')}
            </label>
            <Input id="track-code" value={input} onChange={(e) => setInput(e.target.value)} placeholder={t('codePlaceholder')} autoComplete="off" spellCheck={false} maxLength={64} className="track-input" />
            <Button type="primary" htmlType="submit">
              {t('search')}
            </Button>
          </form>
          {!code && !failure && <Typography.Paragraph className="track-hint">{t('hint')}</Typography.Paragraph>}
          {loading && <Spin description={t('loading')} />}
          {failure && !loading && <Alert type="error" showIcon role="alert" title={failureText(failure)} className="track-alert" />}
          {result && !loading && <TrackView result={result} language={language} narrow={narrow} onRefresh={() => load(result.trackingCode)} />}
        </main>
        <footer className="track-footer">
          <a href="/portal">{language === 'zh' ? '政务服务绩效公开' : 'Public disclosure portal'}</a>
        </footer>
      </Layout>
    </ConfigProvider>
  );
}

function TrackView({ result, language, narrow, onRefresh }: { result: TrackResult; language: Language; narrow: boolean; onRefresh: () => void }) {
  const t = (key: MessageKey) => translate(language, key);
  const colon = language === 'zh' ? '：' : ': ';
  const label = (status: string) => (isKnownStatus(status) ? t(status) : status === result.status ? result.statusLabel[language] : status);
  const lastEntry = (status: string) => [...result.history].reverse().find((entry) => entry.status === status);
  const stepContent = (status: string) => {
    const entry = lastEntry(status);
    if (!entry) return <span className="track-step-time">{t('notReached')}</span>;
    return (
      <>
        <span className="track-step-time">{formatTime(entry.at, language)}</span>
        {entry.note && <span className="track-note">{entry.note}</span>}
      </>
    );
  };

  const reachedIndex = Math.max(0, ...result.history.map((entry) => (FLOW as readonly string[]).indexOf(entry.status)));
  let items: { key: string; title: string; content: ReactNode; status: StepStatus }[];
  let current: number;
  if (result.status === 'rejected') {
    items = FLOW.slice(0, reachedIndex + 1).map((status) => ({ key: status, title: t(status), content: stepContent(status), status: 'finish' as const }));
    items.push({ key: 'rejected', title: t('rejected'), content: stepContent('rejected'), status: 'error' });
    current = items.length - 1;
  } else {
    const index = (FLOW as readonly string[]).indexOf(result.status);
    current = index >= 0 ? index : reachedIndex;
    items = FLOW.map((status, i) => ({
      key: status,
      title: t(status),
      content: i <= current ? stepContent(status) : null,
      status: i < current || (i === current && status === 'online') ? ('finish' as const) : i === current ? ('process' as const) : ('wait' as const),
    }));
  }
  const history = [...result.history].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  return (
    <section className="track-result" aria-labelledby="track-current">
      <div className="track-result-head">
        <Typography.Title level={2} id="track-current" className="track-current">
          {t('current')}
          {colon}
          <span data-status={result.status}>{label(result.status)}</span>
        </Typography.Title>
        <Button onClick={onRefresh}>{t('refresh')}</Button>
      </div>
      <Typography.Paragraph>
        {t('code')}
        {colon}
        <Typography.Text strong copyable={{ text: result.trackingCode }}>{result.trackingCode}</Typography.Text>
      </Typography.Paragraph>
      <Typography.Title level={3}>{t('progress')}</Typography.Title>
      <Steps className="track-steps" orientation={narrow ? 'vertical' : 'horizontal'} current={current} items={items} />
      {result.status === 'rejected' && result.reason && <Alert type="error" showIcon className="track-reason" title={t('reason')} description={<span className="track-reason-text">{result.reason}</span>} />}
      <Typography.Title level={3}>{t('history')}</Typography.Title>
      <Timeline
        className="track-history"
        items={history.map((entry, i) => ({
          key: `${entry.at}-${i}`,
          color: entry.status === 'rejected' ? 'red' : entry.status === 'online' ? 'green' : 'blue',
          title: formatTime(entry.at, language),
          content: (
            <>
              <strong>{label(entry.status)}</strong>
              {entry.note && <div className="track-note">{entry.note}</div>}
            </>
          ),
        }))}
      />
    </section>
  );
}
