// The console shell: who is signed in, language and large-text switches, and the pages.
import { Alert, Button, ConfigProvider, Layout, Space, Spin, Switch, Tabs, Typography, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useCallback, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, setApiLanguage, type Me } from './api-client';
import { CockpitPage } from './features/cockpit/CockpitPage';
import { preloadCockpit } from './features/cockpit/preload';
import { LoginPage } from './features/login/LoginPage';
import { LanguageContext, translate, type Language } from './i18n';

// The cockpit is what everyone opens first, so it is in the first bundle; every other tab is fetched
// when it is first opened (a few hundred milliseconds once), which keeps the cockpit's first load small.
const RunsPage = lazy(() => import('./features/runs/RunsPage').then((m) => ({ default: m.RunsPage })));
const QualityPage = lazy(() => import('./features/quality/QualityPage').then((m) => ({ default: m.QualityPage })));
const LedgerPage = lazy(() => import('./features/rectification/LedgerPage').then((m) => ({ default: m.LedgerPage })));
const FeedbackPage = lazy(() => import('./features/feedback/FeedbackPage').then((m) => ({ default: m.FeedbackPage })));
const WeightsPage = lazy(() => import('./features/weights/WeightsPage').then((m) => ({ default: m.WeightsPage })));
const SystemsPage = lazy(() => import('./features/systems/SystemsPage').then((m) => ({ default: m.SystemsPage })));

/** Set while this browser holds a session, so that the next visit can preload the cockpit. */
const SIGNED_IN = 'govperf.signedIn';

function Deferred({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Spin aria-busy="true" />}>{children}</Suspense>;
}

export function App() {
  const [language, setLanguage] = useState<Language>(() => (localStorage.getItem('govperf.language') === 'en' ? 'en' : 'zh'));
  const [largeText, setLargeText] = useState(() => localStorage.getItem('govperf.largeText') === '1');
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const t = (key: Parameters<typeof translate>[1]) => translate(language, key);

  useEffect(() => {
    setApiLanguage(language);
    localStorage.setItem('govperf.language', language);
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  }, [language]);
  useEffect(() => {
    localStorage.setItem('govperf.largeText', largeText ? '1' : '0');
    document.body.classList.toggle('large-text', largeText);
  }, [largeText]);
  useEffect(() => {
    // Only for a browser that was signed in last time: without a session the preload would be
    // refused (401), which the browser reports as an error.
    if (localStorage.getItem(SIGNED_IN) === '1') preloadCockpit();
    api.me().then(setMe, (e: unknown) => (e instanceof ApiError && e.status === 401 ? setMe(null) : setError(String(e))));
  }, []);
  useEffect(() => {
    if (me) localStorage.setItem(SIGNED_IN, '1');
    else if (me === null) localStorage.removeItem(SIGNED_IN);
  }, [me]);
  const showError = useCallback((message: string) => setError(message), []);

  const signOut = async () => {
    await api.logout().catch(() => undefined);
    setMe(null);
  };

  return (
    <LanguageContext.Provider value={language}>
      <ConfigProvider
        locale={language === 'zh' ? zhCN : enUS}
        theme={largeText ? { algorithm: theme.darkAlgorithm, token: { fontSize: 20, colorPrimary: '#ffd400', colorText: '#ffffff' } } : { token: { colorPrimary: '#1677ff' } }}
      >
        <Layout style={{ minHeight: '100vh' }}>
          <Layout.Header className="header">
            <Typography.Title level={4} className="brand">
              {t('appTitle')}
            </Typography.Title>
            <Space>
              <label className="switch">
                <Switch checked={largeText} onChange={setLargeText} aria-label={t('largeText')} /> {t('largeText')}
              </label>
              <Button onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')} lang={language === 'zh' ? 'en' : 'zh-CN'}>
                {t('language')}
              </Button>
              {me && (
                <>
                  <span className="who">
                    {me.displayName} · {t('area')} {me.orgUnit}
                  </span>
                  <Button onClick={signOut}>{t('signOut')}</Button>
                </>
              )}
            </Space>
          </Layout.Header>
          <Layout.Content className="content">
            {error && <Alert type="error" title={error} closable onClose={() => setError(null)} showIcon role="alert" style={{ marginBottom: 16 }} />}
            {me === undefined ? <Spin /> : me === null ? <LoginPage onSignedIn={setMe} /> : (
              <Tabs
                items={[
                  { key: 'cockpit', label: t('cockpit'), children: (<><Typography.Title level={2}>{t('cockpit')}</Typography.Title><CockpitPage onError={showError} canRun={me.permissions.includes('evaluation.run')} /></>) },
                  ...(me.permissions.includes('evaluation.read') ? [{ key: 'runs', label: t('runs_tab'), children: <Deferred><RunsPage onError={showError} permissions={me.permissions} area={me.orgUnit} /></Deferred> }] : []),
                  ...(me.permissions.includes('quality.read') ? [{ key: 'quality', label: t('dq_tab'), children: <Deferred><QualityPage onError={showError} /></Deferred> }] : []),
                  ...(me.permissions.includes('rectification.read') ? [{ key: 'ledger', label: t('ledger'), children: <Deferred><LedgerPage onError={showError} permissions={me.permissions} /></Deferred> }] : []),
                  ...(me.permissions.includes('feedback.read') ? [{ key: 'feedback', label: t('feedback'), children: <Deferred><FeedbackPage onError={showError} permissions={me.permissions} /></Deferred> }] : []),
                  ...(me.permissions.includes('system.read') ? [{ key: 'weights', label: t('weights'), children: <Deferred><WeightsPage me={me} onError={showError} /></Deferred> }] : []),
                  ...(me.permissions.includes('system.read') ? [{ key: 'systems', label: t('systems'), children: <Deferred><SystemsPage onError={showError} canEdit={me.permissions.includes('system.register')} /></Deferred> }] : []),
                ]}
              />
            )}
          </Layout.Content>
        </Layout>
      </ConfigProvider>
    </LanguageContext.Provider>
  );
}
