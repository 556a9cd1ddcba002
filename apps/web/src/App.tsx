import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { ApiError } from './api/client.js';
import { SessionProvider, useSession } from './auth/session.js';
import { callbackPath } from './auth/oidc.js';
import { Admin } from './pages/Admin.js';
import { AuthCallback } from './pages/AuthCallback.js';
import { AuditPage } from './pages/AuditPage.js';
import { CasePage } from './pages/CasePage.js';
import { Inbox } from './pages/Inbox.js';
import { Register } from './pages/Register.js';
import { SignIn } from './pages/SignIn.js';
import { SupplierPage } from './pages/SupplierPage.js';
import { Suppliers } from './pages/Suppliers.js';
import { AppShell } from './shell/AppShell.js';

const queries = new QueryClient({
  defaultOptions: {
    // A 4xx will not change by asking again; a dropped connection may.
    queries: { retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2, refetchOnWindowFocus: true },
  },
});

const darkKey = 'qloop.dark';

// The charts (echarts) load with the report page only.
const Reports = lazy(() => import('./pages/Reports.js'));

const Private = ({ children }: { children: ReactNode }) => {
  const { signedIn } = useSession();
  const location = useLocation();
  if (!signedIn) return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  return children;
};

export const App = () => {
  const { i18n } = useTranslation();
  const [dark, setDark] = useState(() => localStorage.getItem(darkKey) === '1' || (localStorage.getItem(darkKey) === null && window.matchMedia?.('(prefers-color-scheme: dark)').matches));
  useEffect(() => {
    localStorage.setItem(darkKey, dark ? '1' : '0');
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  }, [dark]);
  useEffect(() => {
    dayjs.locale(i18n.language === 'zh-CN' ? 'zh-cn' : 'en');
  }, [i18n.language]);

  return (
    <ConfigProvider locale={i18n.language === 'zh-CN' ? zhCN : enUS} theme={{ algorithm: dark ? theme.darkAlgorithm : theme.defaultAlgorithm }}>
      <AntApp>
        <QueryClientProvider client={queries}>
          <SessionProvider>
            <BrowserRouter>
              <Routes>
                <Route path="/sign-in" element={<SignIn />} />
                <Route path={callbackPath} element={<AuthCallback />} />
                <Route
                  path="*"
                  element={
                    <Private>
                      <AppShell dark={dark} onDark={setDark}>
                        <Routes>
                          <Route path="/" element={<Inbox />} />
                          <Route path="/complaints/new" element={<Register />} />
                          <Route path="/complaints/:id" element={<CasePage />} />
                          <Route path="/complaints/:id/audit" element={<AuditPage />} />
                          <Route path="/suppliers" element={<Suppliers />} />
                          <Route path="/admin" element={<Admin />} />
                          <Route path="/suppliers/:id" element={<SupplierPage />} />
                          <Route
                            path="/reports"
                            element={
                              <Suspense fallback={null}>
                                <Reports />
                              </Suspense>
                            }
                          />
                          <Route path="*" element={<Navigate to="/" replace />} />
                        </Routes>
                      </AppShell>
                    </Private>
                  }
                />
              </Routes>
            </BrowserRouter>
          </SessionProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
};
