// The entry of dist/widget.js (an IIFE for a plain <script> tag): exposes window.Govperf, makes the
// script's own origin the default endpoint, and mounts the widget by itself when the tag carries
// data-app-version (no inline script needed, so it works under a strict Content-Security-Policy):
//   <script src="https://govperf.example/widget.js" data-app-version="2.3.0" data-lang="zh-CN" defer></script>
import * as sdk from './index';
import { mountFeedbackWidget, setDefaultEndpoint, type FeedbackWidget } from './widget';

declare global {
  interface Window {
    Govperf?: typeof sdk & { widget?: FeedbackWidget };
  }
}

const script = document.currentScript as HTMLScriptElement | null;
if (script?.src) {
  try {
    setDefaultEndpoint(new URL(script.src, location.href).origin);
  } catch {
    // keep the page's own origin
  }
}
const api: typeof sdk & { widget?: FeedbackWidget } = { ...sdk };
window.Govperf = api;

const data = script?.dataset;
if (data && data.appVersion !== undefined) {
  const mount = () => {
    api.widget = mountFeedbackWidget({
      appVersion: data.appVersion ?? '',
      ...(data.endpoint ? { endpoint: data.endpoint } : {}),
      ...(data.lang ? { lang: data.lang } : {}),
      ...(data.appId ? { appId: data.appId } : {}),
      ...(data.orgUnit ? { orgUnit: data.orgUnit } : {}),
      ...(data.position === 'bottom-left' ? { position: 'bottom-left' as const } : {}),
      ...(data.button === 'false' ? { button: false } : {}),
    });
    document.dispatchEvent(new CustomEvent('govperf:ready', { detail: api.widget }));
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount, { once: true });
  else mount();
}
