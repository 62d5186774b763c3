// Entry point of the console, and of the public portal under /portal (its own root component,
// loaded as a separate chunk: no sign-in, no session calls; docs/decisions/0007).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
if (/^\/portal(\/|$)/.test(window.location.pathname)) {
  void import('./portal/PortalApp').then(({ PortalApp }) =>
    root.render(
      <StrictMode>
        <PortalApp />
      </StrictMode>,
    ),
  );
} else if (/^\/track(\/|$)/.test(window.location.pathname)) {
  // 反馈办理进度查询: the public tracking page, by tracking code, without signing in.
  void import('./track/TrackApp').then(({ TrackApp }) =>
    root.render(
      <StrictMode>
        <TrackApp />
      </StrictMode>,
    ),
  );
} else {
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
