import {
  BarChartOutlined,
  InboxOutlined,
  SettingOutlined,
  ShopOutlined,
  LogoutOutlined,
  MoonOutlined,
  PlusOutlined,
  QuestionCircleOutlined,
} from '@ant-design/icons';
import { Button, Layout, Menu, Modal, Segmented, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { rememberLocale } from '../i18n/index.js';
import { useSession } from '../auth/session.js';

type Props = Readonly<{ dark: boolean; onDark: (dark: boolean) => void; children: ReactNode }>;

/** The menu entries a person's roles give them: nobody sees a screen they cannot use. */
const useMenu = () => {
  const { t } = useTranslation();
  const { can } = useSession();
  return [
    { key: '/', icon: <InboxOutlined />, label: <Link to="/">{t('menu.inbox')}</Link>, show: true },
    {
      key: '/complaints/new',
      icon: <PlusOutlined />,
      label: <Link to="/complaints/new">{t('menu.register')}</Link>,
      show: can('owner', 'supervisor'),
    },
    {
      key: '/suppliers',
      icon: <ShopOutlined />,
      label: <Link to="/suppliers">{t('menu.suppliers')}</Link>,
      show: true,
    },
    { key: '/reports', icon: <BarChartOutlined />, label: <Link to="/reports">{t('menu.reports')}</Link>, show: true },
    { key: '/admin', icon: <SettingOutlined />, label: <Link to="/admin">{t('menu.admin')}</Link>, show: can('admin') },
  ]
    .filter((item) => item.show)
    .map(({ show: _, ...item }) => item);
};

/** Shortcuts that work on every screen: ? lists them all; g then i goes to the inbox. */
const useGlobalShortcuts = (onHelp: () => void) => {
  const navigate = useNavigate();
  useEffect(() => {
    let pendingG = false;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.isContentEditable)) return;
      if (event.key === '?') onHelp();
      else if (event.key === 'g') pendingG = true;
      else if (pendingG && event.key === 'i') void navigate('/');
      if (event.key !== 'g') pendingG = false;
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate, onHelp]);
};

export const AppShell = ({ dark, onDark, children }: Props) => {
  const { t, i18n } = useTranslation();
  const { signedIn, signOut } = useSession();
  const location = useLocation();
  const [help, setHelp] = useState(false);
  useGlobalShortcuts(() => setHelp(true));
  const menu = useMenu();
  const selected = menu
    .map((item) => item.key)
    .filter(
      (key) =>
        key === location.pathname ||
        (key !== '/' && location.pathname.startsWith(`${key}/`) && key !== '/complaints/new'),
    );

  const setLanguage = (language: string) => {
    rememberLocale(language as 'en' | 'zh-CN');
    void i18n.changeLanguage(language);
  };
  useEffect(() => {
    document.documentElement.lang = i18n.language;
    document.title = `qloop · ${t('app.tagline')}`;
  }, [i18n.language, t]);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="shell-header">
        <Link to="/" className="shell-brand">
          qloop
        </Link>
        <Menu mode="horizontal" theme="dark" selectedKeys={selected} items={menu} style={{ flex: 1, minWidth: 0 }} />
        <Space size="middle">
          <Segmented
            size="small"
            value={i18n.language}
            onChange={(value) => setLanguage(String(value))}
            options={[
              { value: 'zh-CN', label: '中文' },
              { value: 'en', label: 'English' },
            ]}
            data-testid="language-switch"
          />
          <Tooltip title={t('shell.dark')}>
            <Switch
              size="small"
              checked={dark}
              onChange={onDark}
              checkedChildren={<MoonOutlined />}
              unCheckedChildren={<MoonOutlined />}
            />
          </Tooltip>
          <Tooltip title={t('shell.shortcuts')}>
            <Button
              type="text"
              icon={<QuestionCircleOutlined />}
              onClick={() => setHelp(true)}
              className="shell-icon"
            />
          </Tooltip>
          {signedIn && (
            <Space size={4}>
              <Typography.Text className="shell-user" data-testid="signed-in-as">
                {signedIn.me.subject}
              </Typography.Text>
              {signedIn.me.roles.map((role) => (
                <Tag key={role} color="blue">
                  {t(`domain:role.${role}`)}
                </Tag>
              ))}
              <Tooltip title={t('shell.signOut')}>
                <Button
                  type="text"
                  icon={<LogoutOutlined />}
                  onClick={signOut}
                  className="shell-icon"
                  data-testid="sign-out"
                />
              </Tooltip>
            </Space>
          )}
        </Space>
      </Layout.Header>
      <Layout.Content className="shell-content">{children}</Layout.Content>
      <Modal open={help} onCancel={() => setHelp(false)} footer={null} title={t('shell.shortcuts')}>
        <ul>
          {Object.values(t('shell.shortcutList', { returnObjects: true }) as Record<string, string>).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </Modal>
    </Layout>
  );
};
