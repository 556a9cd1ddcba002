import { Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { returnSteps, severities, withdrawReasons } from '../../../../libs/domain/complaint/vocabulary.js';
import { complaintWrite, type CaseWritePath } from '../api/complaints.js';
import type { ComplaintAction, ComplaintView } from '../api/types.js';
import { pauseReasonWord } from '../lib/pause-reasons.js';
import { CasePicker, PersonPicker } from './Pickers.js';
import { WriteButton } from './WriteButton.js';

type Props = Readonly<{ complaint: ComplaintView; onDone: (next: ComplaintView) => void; onConflict: () => void }>;
type ActionProps = Props &
  Readonly<{
    path: CaseWritePath;
    label: string;
    fields: ReactNode;
    danger?: boolean;
    initialValues?: object;
    testId: string;
  }>;

const Action = ({ complaint, path, ...rest }: ActionProps) => (
  <WriteButton write={complaintWrite(path, complaint.id)} revision={complaint.revision} {...rest} />
);

/** The acts beside the case's step that the API says the caller may take now: no other is shown. */
export const CaseActions = (props: Props) => {
  const { t, i18n } = useTranslation();
  const { complaint } = props;
  const may = (action: ComplaintAction) => complaint.allowedActions.includes(action);
  const level = complaint.sla.escalationLevel;
  const reason = (
    <Form.Item name="reason" label={t('action.reason')} rules={[{ required: true }]}>
      <Input.TextArea rows={2} />
    </Form.Item>
  );
  const options = (codes: readonly string[], group: string) =>
    codes.map((code) => ({ value: code, label: t(`domain:${group}.${code}`) }));
  return (
    <Space wrap>
      {may('comment') && (
        <Action
          {...props}
          path="/api/v1/complaints/{id}/comments"
          testId="comment"
          label={t('action.comment')}
          fields={
            <Form.Item name="text" label={t('action.commentText')} rules={[{ required: true }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          }
        />
      )}
      {may('end-wait') && (
        <Action
          {...props}
          path="/api/v1/complaints/{id}/customer-wait/end"
          testId="end-wait"
          label={t('action.endWait')}
          fields={
            <Form.Item name="note" label={t('step.notes')}>
              <Input />
            </Form.Item>
          }
        />
      )}
      {may('wait') && (
        <Action
          {...props}
          path="/api/v1/complaints/{id}/customer-wait"
          testId="wait"
          label={t('action.wait')}
          fields={
            <>
              <Form.Item name="reasonCode" label={t('action.pauseReason')} rules={[{ required: true }]}>
                <Select
                  data-testid="pause-reason"
                  options={complaint.scales.pauseReasons.map(({ code }) => ({
                    value: code,
                    label: pauseReasonWord(code, t, {
                      reasons: complaint.scales.pauseReasons,
                      language: i18n.language,
                    }),
                  }))}
                />
              </Form.Item>
              {reason}
            </>
          }
        />
      )}
      {may('contain') && (
        <Action
          {...props}
          path="/api/v1/complaints/{id}/containment"
          testId="contain"
          label={t('action.contain')}
          fields={
            <Form.Item name="action" label={t('action.containment')} rules={[{ required: true }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          }
        />
      )}
      {may('severity') && (
        <Action
          {...props}
          path="/api/v1/complaints/{id}/severity"
          testId="severity"
          label={t('action.severity')}
          initialValues={{ severity: complaint.severity }}
          fields={
            <>
              <Form.Item name="severity" label={t('register.severity')} rules={[{ required: true }]}>
                <Select options={options(severities, 'severity')} />
              </Form.Item>
              {reason}
            </>
          }
        />
      )}
      {may('withdraw') && (
        <Action
          {...props}
          path="/api/v1/complaints/{id}/withdraw"
          testId="withdraw"
          danger
          label={t('action.withdraw')}
          initialValues={{ reason: 'invalid' }}
          fields={
            <>
              <Form.Item name="reason" label={t('action.withdrawReason')} rules={[{ required: true }]}>
                <Radio.Group options={options(withdrawReasons, 'withdrawReason')} />
              </Form.Item>
              <Form.Item name="explanation" label={t('step.notes')} rules={[{ required: true }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
              <Form.Item name="duplicateOf" label={t('action.duplicateOf')}>
                <CasePicker />
              </Form.Item>
            </>
          }
        />
      )}
      {may('assign') && (
        <Action
          {...props}
          path="/api/v1/complaints/{id}/assign"
          testId="assign"
          label={t('action.assign')}
          fields={
            <>
              <Form.Item name="owner" label={t('action.assignTo')} rules={[{ required: true }]}>
                <PersonPicker />
              </Form.Item>
              <Form.Item name="reason" label={t('action.reason')}>
                <Input />
              </Form.Item>
            </>
          }
        />
      )}
      {may('escalate') && (
        <Action
          {...props}
          path="/api/v1/complaints/{id}/escalate"
          testId="escalate"
          label={t('action.escalate')}
          fields={
            <>
              {reason}
              <Form.Item name="level" label={t('inbox.columns.escalation')}>
                <InputNumber min={level + 1} max={complaint.scales.escalationLadder} />
              </Form.Item>
            </>
          }
        />
      )}
      {may('de-escalate') && (
        <Action
          {...props}
          path="/api/v1/complaints/{id}/de-escalate"
          testId="de-escalate"
          label={t('action.deescalate')}
          initialValues={{ level: 0 }}
          fields={
            <>
              {reason}
              <Form.Item name="level" label={t('action.deescalateTo')}>
                <InputNumber min={0} max={level - 1} />
              </Form.Item>
            </>
          }
        />
      )}
      {may('reopen') && (
        <Action
          {...props}
          path="/api/v1/complaints/{id}/reopen"
          testId="reopen"
          label={t('action.reopen')}
          initialValues={{ returnTo: 'analyse' }}
          fields={
            <>
              <Form.Item name="returnTo" label={t('action.reopenAt')} rules={[{ required: true }]}>
                <Radio.Group options={options(returnSteps, 'step')} />
              </Form.Item>
              {reason}
            </>
          }
        />
      )}
    </Space>
  );
};
