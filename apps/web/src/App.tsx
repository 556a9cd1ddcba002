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
import { callbackPath } from './auth/callback-path.js';
import { Inbox } from './pages/Inbox.js';
import { SignIn } from './pages/SignIn.js';
import { AppShell } from './shell/AppShell.js';
import { ForAction } from './shell/ForAction.js';
import { themeTokens } from './lib/theme.js';

const queries = new QueryClient({
  defaultOptions: {
    // A 4xx will not change by asking again; a dropped connection may.
    queries: {
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      refetchOnWindowFocus: true,
    },
  },
});

const darkKey = 'qloop.dark';

// The inbox, first thing most people open, loads with the app; every other
// screen loads when it is first opened, the charts (echarts) with the reports.
const Reports = lazy(() => import('./pages/Reports.js'));
const screen = <K extends string>(load: () => Promise<Record<K, () => ReactNode>>, name: K) =>
  lazy(async () => ({ default: (await load())[name] }));
const Admin = screen(() => import('./pages/Admin.js'), 'Admin');
const AuditPage = screen(() => import('./pages/AuditPage.js'), 'AuditPage');
const AuthCallback = screen(() => import('./pages/AuthCallback.js'), 'AuthCallback');
const Customers = screen(() => import('./pages/Customers.js'), 'Customers');
const CustomerPage = screen(() => import('./pages/CustomerPage.js'), 'CustomerPage');
const PublicFeedback = screen(() => import('./pages/PublicFeedback.js'), 'PublicFeedback');
const PublicReport = screen(() => import('./pages/PublicReport.js'), 'PublicReport');
const CasePage = screen(() => import('./pages/CasePage.js'), 'CasePage');
const Register = screen(() => import('./pages/Register.js'), 'Register');
const SupplierPage = screen(() => import('./pages/SupplierPage.js'), 'SupplierPage');
const Suppliers = screen(() => import('./pages/Suppliers.js'), 'Suppliers');

const Private = ({ children }: { children: ReactNode }) => {
  const { signedIn } = useSession();
  const location = useLocation();
  if (!signedIn) return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  return children;
};

export const App = () => {
  const { i18n } = useTranslation();
  const [dark, setDark] = useState(
    () =>
      localStorage.getItem(darkKey) === '1' ||
      (localStorage.getItem(darkKey) === null && window.matchMedia?.('(prefers-color-scheme: dark)').matches),
  );
  useEffect(() => {
    localStorage.setItem(darkKey, dark ? '1' : '0');
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  }, [dark]);
  useEffect(() => {
    dayjs.locale(i18n.language === 'zh-CN' ? 'zh-cn' : 'en');
  }, [i18n.language]);

  return (
    <ConfigProvider
      locale={i18n.language === 'zh-CN' ? zhCN : enUS}
      theme={{ algorithm: dark ? theme.darkAlgorithm : theme.defaultAlgorithm, ...themeTokens(dark) }}
    >
      <AntApp>
        <QueryClientProvider client={queries}>
          <SessionProvider>
            <BrowserRouter>
              <Routes>
                <Route path="/sign-in" element={<SignIn />} />
                {/* The customer's own page: no account, the link is the permission. */}
                <Route
                  path="/feedback/:token"
                  element={
                    <Suspense fallback={null}>
                      <PublicFeedback />
                    </Suspense>
                  }
                />
                {/* Anyone's complaint, no account: the public form. */}
                <Route
                  path="/report"
                  element={
                    <Suspense fallback={null}>
                      <PublicReport />
                    </Suspense>
                  }
                />
                <Route
                  path={callbackPath}
                  element={
                    <Suspense fallback={null}>
                      <AuthCallback />
                    </Suspense>
                  }
                />
                <Route
                  path="*"
                  element={
                    <Private>
                      <AppShell dark={dark} onDark={setDark}>
                        <Suspense fallback={null}>
                          <Routes>
                            <Route path="/" element={<Inbox />} />
                            <Route
                              path="/complaints/new"
                              element={
                                <ForAction action="register-complaint">
                                  <Register />
                                </ForAction>
                              }
                            />
                            <Route path="/complaints/:id" element={<CasePage />} />
                            <Route path="/complaints/:id/audit" element={<AuditPage />} />
                            <Route path="/suppliers" element={<Suppliers />} />
                            <Route path="/customers" element={<Customers />} />
                            <Route path="/customers/:id" element={<CustomerPage />} />
                            <Route
                              path="/admin"
                              element={
                                <ForAction action="administer">
                                  <Admin />
                                </ForAction>
                              }
                            />
                            <Route path="/suppliers/:id" element={<SupplierPage />} />
                            <Route path="/reports" element={<Reports />} />
                            <Route path="*" element={<Navigate to="/" replace />} />
                          </Routes>
                        </Suspense>
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
