import { Card, Form, Input, List, Space, Tag, Typography } from 'antd';
import { useEvidence } from '../../api/evidence.js';
import { useTranslation } from 'react-i18next';
import { supplierWrite } from '../../api/suppliers.js';
import { gradeColour } from '../../lib/grade-colour.js';
import { WriteButton } from '../WriteButton.js';
import { date } from './format.js';
import { may, type SupplierWriteProps } from './write-props.js';

/** The supplier's corrective action requests (SCARs), newest first, each answerable while open. */
export const CorrectiveActionsCard = ({ supplier, onDone, onConflict }: SupplierWriteProps) => {
  const { t } = useTranslation();
  const evidence = useEvidence('suppliers', supplier.id);
  const filesOf = (actionId: string) =>
    (evidence.data?.files ?? []).filter((file) => file.correctiveActionId === actionId && !file.retracted);
  return (
    <Card title={t('supplier.scars')} size="small">
      <List
        dataSource={[...supplier.correctiveActions].reverse()}
        locale={{ emptyText: '–' }}
        renderItem={(action) => (
          <List.Item
            actions={
              may(supplier, 'respond-corrective-action') && !action.respondedAt
                ? [
                    <WriteButton
                      key="answer"
                      write={supplierWrite('/api/v1/suppliers/{id}/corrective-actions/{actionId}/response', {
                        id: supplier.id,
                        actionId: action.id,
                      })}
                      revision={supplier.revision}
                      onDone={onDone}
                      onConflict={onConflict}
                      testId={`answer-${action.id}`}
                      label={t('supplier.answer')}
                      fields={
                        <Form.Item name="response" label={t('supplier.response')} rules={[{ required: true }]}>
                          <Input.TextArea rows={3} />
                        </Form.Item>
                      }
                    />,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Space>
                  {action.id}
                  <Tag color={gradeColour(action.grade)}>{action.grade}</Tag>
                  {action.overdue && !action.respondedAt && <Tag color="red">{t('inbox.overdue')}</Tag>}
                </Space>
              }
              description={
                <>
                  {action.description}
                  <br />
                  {action.respondedAt
                    ? `${t('supplier.answered', { date: date(action.respondedAt) })}: ${action.response}`
                    : t('supplier.due', { date: date(action.responseDue) })}
                  {filesOf(action.id).length > 0 && (
                    <Space wrap size={4} style={{ display: 'flex', marginTop: 4 }} data-testid={`files-${action.id}`}>
                      <Typography.Text type="secondary">{t('evidence.forAction')}:</Typography.Text>
                      {filesOf(action.id).map((file) => (
                        <Typography.Link key={file.id} href={file.url} target="_blank" rel="noopener noreferrer">
                          {file.fileName}
                        </Typography.Link>
                      ))}
                    </Space>
                  )}
                </>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
};
