import { useQueryClient } from '@tanstack/react-query';
import { Card, Form, Grid, Input, List, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { customerKinds } from '../../../../libs/domain/customer/customer.events.js';
import { registerCustomer, useCustomers } from '../api/customers.js';
import type { CustomerRow } from '../../../../libs/contracts/read-views.js';
import type { CustomerView } from '../api/customers.js';
import type { components } from '../api/schema.js';
import { useSession } from '../auth/session.js';
import { WriteButton } from '../components/WriteButton.js';
import { ContactFields, withoutBlanks } from '../components/customer/ContactFields.js';

type RegisterCustomerBody = components['schemas']['RegisterCustomerDto'];

const customerPath = (id: string) => `/customers/${encodeURIComponent(id)}`;

/** Who complains: every customer, found by name, contact or reference, with how many complaints each brought. */
export const Customers = () => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const { may } = useSession();
  const phone = !Grid.useBreakpoint().md;
  const [q, setQ] = useState('');
  const list = useCustomers({ limit: 200, status: 'active', ...(q ? { q } : {}) });
  const counts = (row: CustomerRow) => (
    <Space size={4}>
      <Typography.Text>{row.complaints}</Typography.Text>
      {row.openComplaints > 0 && <Tag>{t('customer.openComplaints', { count: row.openComplaints })}</Tag>}
    </Space>
  );
  return (
    <Card
      title={t('customer.title')}
      extra={
        may('register-customer') && (
          <WriteButton<RegisterCustomerBody, CustomerView>
            write={registerCustomer}
            testId="register-customer"
            label={t('customer.register')}
            initialValues={{ kind: 'company', contacts: [{ name: '' }] }}
            toBody={(values) => ({ ...values, contacts: (values.contacts ?? []).map(withoutBlanks) })}
            onDone={(created) => {
              void queries.invalidateQueries({ queryKey: ['customers'] });
              void navigate(customerPath(created.id));
            }}
            fields={
              <>
                <Form.Item name="id" label={t('customer.id')}>
                  <Input placeholder="CUST-0042" />
                </Form.Item>
                <Form.Item name="name" label={t('customer.name')} rules={[{ required: true, max: 200 }]}>
                  <Input />
                </Form.Item>
                <Form.Item name="kind" label={t('customer.kind')} rules={[{ required: true }]}>
                  <Select
                    options={customerKinds.map((code) => ({ value: code, label: t(`customer.kinds.${code}`) }))}
                  />
                </Form.Item>
                <Form.Item name="externalRef" label={t('customer.externalRef')} rules={[{ max: 100 }]}>
                  <Input />
                </Form.Item>
                <Form.Item label={t('customer.contacts')}>
                  <ContactFields />
                </Form.Item>
              </>
            }
          />
        )
      }
    >
      <Input.Search
        allowClear
        placeholder={t('customer.search')}
        aria-label={t('customer.search')}
        onSearch={(value) => setQ(value.trim())}
        onChange={(event) => setQ(event.target.value.trim())}
        style={{ marginBottom: 16, maxWidth: 480 }}
        data-testid="customer-search"
      />
      {phone ? (
        <List<CustomerRow>
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('customer.none') }}
          renderItem={(row) => (
            <List.Item data-testid="customer-card">
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                <Link to={customerPath(row.id)}>
                  <Typography.Text strong>{row.name}</Typography.Text>
                </Link>
                <Typography.Text type="secondary">
                  {row.id} · {t(`customer.kinds.${row.kind}`)}
                  {row.externalRef ? ` · ${row.externalRef}` : ''}
                </Typography.Text>
                {row.contact && <Typography.Text type="secondary">{row.contact}</Typography.Text>}
                <Space size={4}>
                  <Typography.Text>{t('customer.complaints')}</Typography.Text>
                  {counts(row)}
                </Space>
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Table<CustomerRow>
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('customer.none') }}
          onRow={(row) => ({ onClick: () => void navigate(customerPath(row.id)), style: { cursor: 'pointer' } })}
          pagination={false}
          columns={[
            {
              key: 'name',
              title: t('customer.name'),
              render: (_, row) => (
                <Space orientation="vertical" size={0}>
                  <Typography.Text strong>{row.name}</Typography.Text>
                  <Typography.Text type="secondary">{row.id}</Typography.Text>
                </Space>
              ),
            },
            { key: 'kind', title: t('customer.kind'), render: (_, row) => t(`customer.kinds.${row.kind}`) },
            { key: 'contact', title: t('customer.contact'), render: (_, row) => row.contact ?? '–' },
            { key: 'ref', title: t('customer.externalRef'), render: (_, row) => row.externalRef ?? '–' },
            { key: 'complaints', title: t('customer.complaints'), render: (_, row) => counts(row) },
          ]}
        />
      )}
    </Card>
  );
};
