// 政务服务绩效公开门户: the public portal at /portal. No sign-in and no session calls — only the
// public API. Region picker (province → city → county), then the ranking with each unit's
// indicators, rectification progress with citizens' re-rating, 好差评 aggregates, the results wall
// and the 体验官 (contributor) ranking.
// zh-CN by default with an English switch; a large-text high-contrast mode; mobile first.
import { Alert, Button, ConfigProvider, Layout, Space, Spin, Switch, Tabs, Typography, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useMemo, useState } from 'react';
import { portalApi, setPortalApiLanguage, type Region } from './api';
import { PortalLanguage, translate, type Language, type MessageKey } from './i18n';
import { ContributorsSection } from './ContributorsSection';
import { RankingSection } from './RankingSection';
import { RatingsSection } from './RatingsSection';
import { RectificationSection } from './RectificationSection';
import { RegionPicker } from './RegionPicker';
import { ResultsWallSection } from './ResultsWallSection';
import { defaultRegion } from './regions';
import { LargeText } from './theme';
import './portal.css';

const TABS = ['ranking', 'rectification', 'ratings', 'results', 'contributors'] as const;
type Tab = (typeof TABS)[number];

function initialState(): { region: string | null; tab: Tab } {
  const params = new URLSearchParams(window.location.search);
  const tab = params.get('tab');
  return { region: params.get('region'), tab: (TABS as readonly string[]).includes(tab ?? '') ? (tab as Tab) : 'ranking' };
}

export function PortalApp() {
  const [language, setLanguage] = useState<Language>(() => (localStorage.getItem('govperf.portal.language') === 'en' ? 'en' : 'zh'));
  const [largeText, setLargeText] = useState(() => localStorage.getItem('govperf.portal.largeText') === '1');
  const [regions, setRegions] = useState<Region[] | null>(null);
  const [region, setRegion] = useState<string | null>(() => initialState().region);
  const [tab, setTab] = useState<Tab>(() => initialState().tab);
  const [error, setError] = useState<string | null>(null);
  const t = (key: MessageKey) => translate(language, key);

  useEffect(() => {
    setPortalApiLanguage(language);
    localStorage.setItem('govperf.portal.language', language);
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
    document.title = translate(language, 'title');
  }, [language]);
  useEffect(() => {
    localStorage.setItem('govperf.portal.largeText', largeText ? '1' : '0');
    document.body.classList.toggle('large-text', largeText);
    document.body.classList.add('portal');
  }, [largeText]);
  useEffect(() => {
    portalApi.regions().then(
      (all) => {
        setRegions(all);
        setRegion((current) => (current && all.some((r) => r.code === current) ? current : (defaultRegion(all) ?? null)));
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, []);
  // The address says what is shown, so a view can be shared or bookmarked.
  useEffect(() => {
    if (!region) return;
    const params = new URLSearchParams({ region, tab });
    window.history.replaceState(null, '', `${window.location.pathname}?${params.toString()}`);
  }, [region, tab]);

  const themeConfig = useMemo(
    () =>
      largeText
        ? { algorithm: theme.darkAlgorithm, token: { fontSize: 20, colorPrimary: '#ffd400', colorText: '#ffffff', colorBgBase: '#000000', colorLink: '#ffd400' } }
        : { token: { colorPrimary: '#c41d24', fontSize: 15 } },
    [largeText],
  );

  return (
    <PortalLanguage.Provider value={language}>
      <LargeText.Provider value={largeText}>
        <ConfigProvider locale={language === 'zh' ? zhCN : enUS} theme={themeConfig}>
          <Layout className="portal-layout">
            <header className="portal-header">
              <div className="portal-brand">
                <Typography.Title level={1} className="portal-title">
                  {t('title')}
                </Typography.Title>
                <Typography.Text className="portal-subtitle">{t('subtitle')}</Typography.Text>
              </div>
              <Space wrap className="portal-switches">
                <label className="portal-switch">
                  <Switch checked={largeText} onChange={setLargeText} aria-label={t('largeText')} /> {t('largeText')}
                </label>
                <Button onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')} lang={language === 'zh' ? 'en' : 'zh-CN'} aria-label={t('switchLanguage')}>
                  {t('language')}
                </Button>
              </Space>
            </header>
            <main className="portal-content">
              {error && <Alert type="error" title={`${t('error')}: ${error}`} showIcon role="alert" style={{ marginBottom: 16 }} />}
              {!regions || !region ? (
                !error && <Spin description={t('loading')} />
              ) : (
                <>
                  <RegionPicker regions={regions} value={region} onChange={setRegion} />
                  <Tabs
                    activeKey={tab}
                    onChange={(key) => setTab(key as Tab)}
                    items={[
                      { key: 'ranking', label: t('ranking'), children: <RankingSection regions={regions} region={region} /> },
                      { key: 'rectification', label: t('rectification'), children: <RectificationSection region={region} /> },
                      { key: 'ratings', label: t('ratings'), children: <RatingsSection region={region} /> },
                      { key: 'results', label: t('resultsWall'), children: <ResultsWallSection region={region} /> },
                      { key: 'contributors', label: t('contributors'), children: <ContributorsSection region={region} /> },
                    ]}
                  />
                </>
              )}
            </main>
            <footer className="portal-footer">
              <Typography.Text type="secondary">{t('footer')}</Typography.Text> <a href="/">{t('consoleLink')}</a>
            </footer>
          </Layout>
        </ConfigProvider>
      </LargeText.Provider>
    </PortalLanguage.Provider>
  );
}
