import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Form, Input, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router-dom';
import { roles } from '../../../../libs/domain/access/roles.js';
import { ApiError } from '../api/client.js';
import { fetchSignInConfig, mintDevToken, type DevTokenBody } from '../api/session.js';
import type { OidcConfig } from '../auth/oidc.js';
import { useSession } from '../auth/session.js';
import { rememberLocale } from '../i18n/index.js';

type EmbeddedForm = DevTokenBody;

/** Embedded: pick a person and roles. Otherwise: paste a token (an identity provider's, or an administrator's). */
export const SignIn = () => {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const config = useQuery({ queryKey: ['auth-config'], queryFn: fetchSignInConfig });
  const back = (location.state as { from?: string } | null)?.from ?? '/';
  if (session.signedIn) return <Navigate to={back} replace />;

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (caught) {
      setError(caught instanceof ApiError ? `${caught.title}: ${caught.detail ?? ''}` : String(caught));
    } finally {
      setBusy(false);
    }
  };
  const embedded = (values: EmbeddedForm) =>
    run(async () => {
      const { token } = await mintDevToken({ subject: values.subject.trim(), roles: values.roles }, {});
      await session.signIn(token);
    });

  return (
    <div className="sign-in">
      <Card
        title={t('signIn.title')}
        style={{ width: 420, maxWidth: '100%' }}
        extra={
          // The language is chosen before anything else: a person who reads no English can sign in.
          <Segmented
            size="small"
            value={i18n.language}
            onChange={(value) => {
              rememberLocale(value as 'en' | 'zh-CN');
              void i18n.changeLanguage(String(value));
            }}
            options={[
              { value: 'zh-CN', label: '中文' },
              { value: 'en', label: 'English' },
            ]}
            data-testid="sign-in-language"
          />
        }
      >
        <Typography.Paragraph type="secondary">{t('app.tagline')}</Typography.Paragraph>
        {session.ended && <Alert type="info" showIcon title={t('signIn.expired')} style={{ marginBottom: 16 }} />}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        {config.data?.mode === 'embedded' && (
          <Form<EmbeddedForm>
            layout="vertical"
            onFinish={embedded}
            initialValues={{ subject: 'li.wei', roles: ['owner'] }}
          >
            <Typography.Paragraph>{t('signIn.embedded')}</Typography.Paragraph>
            <Form.Item
              name="subject"
              label={t('signIn.person')}
              rules={[{ required: true, pattern: /^[\p{L}\p{N}._@:-]{1,100}$/u }]}
            >
              <Input autoFocus data-testid="sign-in-subject" />
            </Form.Item>
            <Form.Item name="roles" label={t('signIn.roles')} rules={[{ required: true, type: 'array', min: 1 }]}>
              <Checkbox.Group options={roles.map((role) => ({ value: role, label: t(`domain:role.${role}`) }))} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} block data-testid="sign-in-submit">
              {t('signIn.submit')}
            </Button>
          </Form>
        )}
        {config.data?.mode === 'oidc' && (
          <Button
            type="primary"
            block
            size="large"
            style={{ marginBottom: 24 }}
            loading={busy}
            onClick={() =>
              run(async () => {
                // The OIDC client loads only for those who sign in with it.
                const { userManager } = await import('../auth/oidc.js');
                await userManager(config.data as OidcConfig).signinRedirect({ state: { from: back } });
              })
            }
            data-testid="sign-in-oidc"
          >
            {t('signIn.oidc')}
          </Button>
        )}
        {config.data && config.data.mode !== 'embedded' && (
          <Form<{ token: string }> layout="vertical" onFinish={({ token }) => run(() => session.signIn(token.trim()))}>
            <Typography.Paragraph>{t('signIn.token')}</Typography.Paragraph>
            <Form.Item name="token" label={t('signIn.tokenLabel')} rules={[{ required: true }]}>
              <Input.TextArea rows={4} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} block>
              {t('signIn.submit')}
            </Button>
          </Form>
        )}
      </Card>
    </div>
  );
};
