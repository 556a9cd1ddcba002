import {
  BarChartOutlined,
  InboxOutlined,
  SettingOutlined,
  ShopOutlined,
  TeamOutlined,
  LogoutOutlined,
  MenuOutlined,
  MoonOutlined,
  PlusOutlined,
  QuestionCircleOutlined,
} from '@ant-design/icons';
import { Button, Drawer, Grid, Layout, Menu, Modal, Segmented, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { rememberLocale } from '../i18n/index.js';
import { useSession } from '../auth/session.js';
import { NoticeBell } from '../components/NoticeBell.js';

type Props = Readonly<{ dark: boolean; onDark: (dark: boolean) => void; children: ReactNode }>;

/** The menu entries a person's roles give them: nobody sees a screen they cannot use. */
const useMenu = () => {
  const { t } = useTranslation();
  const { may } = useSession();
  return [
    { key: '/', icon: <InboxOutlined />, label: <Link to="/">{t('menu.inbox')}</Link>, show: true },
    {
      key: '/complaints/new',
      icon: <PlusOutlined />,
      label: <Link to="/complaints/new">{t('menu.register')}</Link>,
      show: may('register-complaint'),
    },
    {
      key: '/suppliers',
      icon: <ShopOutlined />,
      label: <Link to="/suppliers">{t('menu.suppliers')}</Link>,
      show: true,
    },
    {
      key: '/customers',
      icon: <TeamOutlined />,
      label: <Link to="/customers">{t('menu.customers')}</Link>,
      show: true,
    },
    { key: '/reports', icon: <BarChartOutlined />, label: <Link to="/reports">{t('menu.reports')}</Link>, show: true },
    {
      key: '/admin',
      icon: <SettingOutlined />,
      label: <Link to="/admin">{t('menu.admin')}</Link>,
      show: may('administer'),
    },
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
  const [drawer, setDrawer] = useState(false);
  const phone = !Grid.useBreakpoint().md;
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

  const languageSwitch = (
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
  );
  const darkSwitch = (
    <Switch
      size="small"
      checked={dark}
      onChange={onDark}
      aria-label={t('shell.dark')}
      checkedChildren={<MoonOutlined />}
      unCheckedChildren={<MoonOutlined />}
    />
  );
  const roles = signedIn?.me.roles.map((role) => t(`domain:role.${role}`)) ?? [];
  const signOutButton = (
    <Button
      type="text"
      icon={<LogoutOutlined />}
      onClick={signOut}
      className="shell-icon"
      aria-label={t('shell.signOut')}
      data-testid="sign-out"
    />
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="shell-header">
        <Link to="/" className="shell-brand">
          qloop
        </Link>
        {phone ? (
          <>
            <span style={{ flex: 1 }} />
            {signedIn && <NoticeBell />}
            {signedIn && (
              <Typography.Text className="shell-user" data-testid="signed-in-as">
                {signedIn.me.subject}
              </Typography.Text>
            )}
            <Button
              type="text"
              icon={<MenuOutlined />}
              className="shell-icon"
              aria-label={t('shell.menu')}
              aria-expanded={drawer}
              onClick={() => setDrawer(true)}
              data-testid="menu-button"
            />
          </>
        ) : (
          <>
            <Menu
              mode="horizontal"
              theme="dark"
              selectedKeys={selected}
              items={menu}
              style={{ flex: 1, minWidth: 0 }}
            />
            <Space size="middle">
              {languageSwitch}
              <Tooltip title={t('shell.dark')}>{darkSwitch}</Tooltip>
              <Tooltip title={t('shell.shortcuts')}>
                <Button
                  type="text"
                  icon={<QuestionCircleOutlined />}
                  onClick={() => setHelp(true)}
                  className="shell-icon"
                  aria-label={t('shell.shortcuts')}
                />
              </Tooltip>
              {signedIn && <NoticeBell />}
              {signedIn && (
                <Space size={4}>
                  <Typography.Text className="shell-user" data-testid="signed-in-as">
                    {signedIn.me.subject}
                  </Typography.Text>
                  {/* One tag however many roles, so they never push the menu away. */}
                  <Tooltip title={roles.join(t('shell.roleSeparator'))}>
                    <Tag color="blue" data-testid="roles">
                      {roles.length > 1 ? `${roles[0]} +${roles.length - 1}` : roles[0]}
                    </Tag>
                  </Tooltip>
                  <Tooltip title={t('shell.signOut')}>{signOutButton}</Tooltip>
                </Space>
              )}
            </Space>
          </>
        )}
      </Layout.Header>
      <Drawer
        open={phone && drawer}
        onClose={() => setDrawer(false)}
        placement="right"
        size={300}
        title={signedIn ? `${signedIn.me.subject} · ${roles.join(t('shell.roleSeparator'))}` : 'qloop'}
      >
        <Menu
          mode="vertical"
          selectedKeys={selected}
          items={menu}
          onClick={() => setDrawer(false)}
          style={{ borderInlineEnd: 'none' }}
          data-testid="drawer-menu"
        />
        <Space orientation="vertical" size="middle" style={{ marginTop: 16 }}>
          {languageSwitch}
          <Space>
            {darkSwitch}
            <Typography.Text>{t('shell.dark')}</Typography.Text>
          </Space>
          {signedIn && (
            <Button icon={<LogoutOutlined />} onClick={signOut} data-testid="sign-out-drawer">
              {t('shell.signOut')}
            </Button>
          )}
        </Space>
      </Drawer>
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
