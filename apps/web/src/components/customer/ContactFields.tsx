import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { customerLanguages } from '../../../../../libs/domain/customer/customer.events.js';

/** The contacts of a customer as a list of small rows: name, e-mail, phone, language. */
export const ContactFields = () => {
  const { t } = useTranslation();
  return (
    <Form.List name="contacts">
      {(fields, { add, remove }) => (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {fields.map(({ key, name }) => (
            <Space key={key} wrap align="start" data-testid="contact-row">
              <Form.Item name={[name, 'name']} rules={[{ required: true, max: 200 }]} style={{ marginBottom: 0 }}>
                <Input placeholder={t('customer.contactName')} aria-label={t('customer.contactName')} />
              </Form.Item>
              <Form.Item name={[name, 'email']} rules={[{ type: 'email', max: 200 }]} style={{ marginBottom: 0 }}>
                <Input placeholder={t('customer.email')} aria-label={t('customer.email')} />
              </Form.Item>
              <Form.Item name={[name, 'phone']} rules={[{ max: 40 }]} style={{ marginBottom: 0 }}>
                <Input placeholder={t('customer.phone')} aria-label={t('customer.phone')} />
              </Form.Item>
              <Form.Item name={[name, 'language']} style={{ marginBottom: 0, minWidth: 110 }}>
                <Select
                  allowClear
                  placeholder={t('customer.language')}
                  aria-label={t('customer.language')}
                  options={customerLanguages.map((code) => ({ value: code, label: t(`customer.languages.${code}`) }))}
                />
              </Form.Item>
              <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(name)} aria-label="-" />
            </Space>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} data-testid="add-contact">
            {t('customer.addContact')}
          </Button>
        </Space>
      )}
    </Form.List>
  );
};

/** Empty optional fields left out, so the API is not asked to check an empty e-mail. */
export const withoutBlanks = <T extends object>(contact: T): T =>
  Object.fromEntries(Object.entries(contact).filter(([, value]) => value !== undefined && value !== '')) as T;
