import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { GlobalAction } from '../api/types.js';
import { useSession } from '../auth/session.js';

/** A screen for those the API lets take `action` (`/me`); anyone else who types its address is told it is not for their role. */
export const ForAction = ({ action, children }: { action: GlobalAction; children: ReactNode }) => {
  const { t } = useTranslation();
  const { may, signedIn } = useSession();
  if (may(action)) return children;
  const roles = (signedIn?.me.roles ?? []).map((role) => t(`domain:role.${role}`)).join(t('shell.roleSeparator'));
  return (
    <Result
      status="403"
      title={t('common.notForYourRole')}
      subTitle={t('common.notForYourRoleDetail', { roles })}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backToInbox')}</Button>
        </Link>
      }
      data-testid="not-for-your-role"
    />
  );
};
