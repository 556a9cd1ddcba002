import { Segmented, Space } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A page for people with no account (a customer's feedback link, the public
 * form): narrow, a phone first, in the language they pick, titled in it.
 */
export const PublicPage = ({ title, width, children }: { title: string; width: number; children: ReactNode }) => {
  const { i18n } = useTranslation();
  useEffect(() => {
    document.documentElement.lang = i18n.language;
    document.title = title;
  }, [i18n.language, title]);
  return (
    <div style={{ maxWidth: width, margin: '0 auto', padding: 16 }}>
      <Space style={{ width: '100%', justifyContent: 'flex-end', marginBottom: 12 }}>
        <Segmented
          size="small"
          value={i18n.language}
          onChange={(value) => void i18n.changeLanguage(String(value))}
          options={[
            { value: 'zh-CN', label: '中文' },
            { value: 'en', label: 'English' },
          ]}
        />
      </Space>
      {children}
    </div>
  );
};
