import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Form, Input, Radio, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { channels, complaintCategories, severities } from '../../../../libs/domain/complaint/vocabulary.js';
import { registerComplaint } from '../api/complaints.js';
import type { RegisterComplaintBody } from '../api/types.js';
import { useWrite } from '../lib/use-write.js';
import { CustomerNamePicker, SupplierPicker } from '../components/Pickers.js';
import { casePath } from '../lib/case-path.js';

/** The form's values: the receipt time is picked as a date and time, and sent as an instant. */
type RegisterValues = Omit<RegisterComplaintBody, 'receivedAt'> & { receivedAt?: Dayjs };

/** The hours and minutes of today still to come: a complaint is not received in the future. */
const laterToday = () => {
  const now = dayjs();
  const after = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
  return {
    disabledHours: () => after(now.hour() + 1, 24),
    disabledMinutes: (hour: number) => (hour === now.hour() ? after(now.minute() + 1, 60) : []),
  };
};

/** Identify, as the person at the phone or the counter does it: who, how, what, how bad. */
export const Register = () => {
  const { t } = useTranslation();
  const [form] = Form.useForm<RegisterValues>();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const { send, busy } = useWrite(registerComplaint, {
    form,
    onDone: (created) => {
      void queries.invalidateQueries({ queryKey: ['complaints'] });
      void navigate(casePath(created));
    },
  });
  const pickedId = Form.useWatch(['customer', 'id'], form) as string | undefined;
  const typedName = (Form.useWatch(['customer', 'name'], form) as string | undefined)?.trim();
  const options = (codes: readonly string[], group: string) =>
    codes.map((code) => ({ value: code, label: t(`domain:${group}.${code}`) }));

  return (
    <Card title={t('register.title')} style={{ maxWidth: 900 }}>
      <Form<RegisterValues>
        form={form}
        layout="vertical"
        initialValues={{ channel: 'phone', category: 'product-quality', severity: 'normal', receivedAt: dayjs() }}
        onFinish={({ receivedAt, ...values }) =>
          // Sent only when the person set it (the form may have stood open for hours), with its offset, so the
          // server reads the time in the person's own zone; left as it was, the case counts from its registration.
          send({
            ...values,
            ...(receivedAt && form.isFieldTouched('receivedAt') ? { receivedAt: receivedAt.format() } : {}),
          })
        }
      >
        <Row gutter={16}>
          <Col xs={24} md={16}>
            <Form.Item
              name={['customer', 'name']}
              label={t('register.customerName')}
              rules={[{ required: true, max: 200 }]}
              extra={
                pickedId
                  ? t('register.customerKnown', { id: pickedId })
                  : typedName
                    ? t('register.customerNew', { name: typedName })
                    : t('register.customerPick')
              }
            >
              <CustomerNamePicker onPick={(customerId) => form.setFieldValue(['customer', 'id'], customerId)} />
            </Form.Item>
            <Form.Item name={['customer', 'id']} hidden>
              <Input />
            </Form.Item>
            {/* A new customer: a person's name is personal data, sealed and erasable; a company's is not. */}
            {!pickedId && typedName && (
              <Form.Item name={['customer', 'kind']} label={t('customer.kind')} initialValue="company">
                <Radio.Group
                  data-testid="customer-kind"
                  options={[
                    { value: 'company', label: t('customer.kinds.company') },
                    { value: 'person', label: t('customer.kinds.person') },
                  ]}
                />
              </Form.Item>
            )}
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name={['customer', 'contact']} label={t('register.contact')} rules={[{ max: 200 }]}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="channel" label={t('register.channel')} rules={[{ required: true }]}>
              <Select options={options(channels, 'channel')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="category" label={t('register.category')} rules={[{ required: true }]}>
              <Select options={options(complaintCategories, 'category')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="severity" label={t('register.severity')} rules={[{ required: true }]}>
              <Select options={options(severities, 'severity')} data-testid="severity" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="receivedAt" label={t('register.receivedAt')} extra={t('register.receivedAtHelp')}>
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            disabledDate={(day) => day.isAfter(dayjs(), 'day')}
            disabledTime={(day) => (day?.isSame(dayjs(), 'day') ? laterToday() : {})}
            data-testid="received-at"
          />
        </Form.Item>
        <Form.Item name="title" label={t('register.complaintTitle')} rules={[{ required: true, max: 200 }]}>
          <Input data-testid="complaint-title" />
        </Form.Item>
        <Form.Item name="description" label={t('register.description')} rules={[{ required: true, max: 5000 }]}>
          <Input.TextArea rows={4} data-testid="complaint-description" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="productRef" label={t('register.product')} rules={[{ max: 100 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="orderRef" label={t('register.order')} rules={[{ max: 100 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="supplierId" label={t('register.supplier')}>
              <SupplierPicker />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="register-submit">
          {t('register.submit')}
        </Button>
      </Form>
    </Card>
  );
};
