import { Button, Form, type FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { complaintWrite } from '../../api/complaints.js';
import type { PostBody } from '../../api/writes.js';
import type { ComplaintView } from '../../api/types.js';
import { useWrite } from '../../lib/use-write.js';
import { EvidenceDrop } from '../evidence/EvidenceDrop.js';

export type Step = 'identify' | 'analyse' | 'resolve' | 'verify' | 'feedback' | 'archive';
type StepPath<S extends Step> = `/api/v1/complaints/{id}/steps/${S}`;
/** What completing a step sends, as the API's document states it. */
export type StepBody<S extends Step> = PostBody<StepPath<S>>;

type DeepPartial<T> = T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/** What every step's form is given by the case page. */
export type StepFormProps = Readonly<{
  complaint: ComplaintView;
  me: string;
  onDone: (next: ComplaintView) => void;
  onConflict: () => void;
}>;

type ShellProps<S extends Step, Values> = StepFormProps &
  Readonly<{
    step: S;
    form: FormInstance<Values>;
    initialValues: DeepPartial<Values>;
    /** The form's values as the request body, where they differ (dates, lists). */
    toBody: (values: Values) => StepBody<S>;
    children: ReactNode;
  }>;

/** One step's form as every step sends it: its own fields, one submit, the write's If-Match and Idempotency-Key. */
export const StepFormShell = <S extends Step, Values>({
  complaint,
  onDone,
  onConflict,
  step,
  form,
  initialValues,
  toBody,
  children,
}: ShellProps<S, Values>) => {
  const { t } = useTranslation();
  const { send, busy } = useWrite(
    complaintWrite(`/api/v1/complaints/{id}/steps/${step}` as StepPath<S>, complaint.id),
    {
      revision: complaint.revision,
      form,
      onDone,
      onConflict,
    },
  );
  return (
    <Form<Values>
      form={form}
      name={`step-${step}`}
      layout="vertical"
      initialValues={initialValues as object}
      onFinish={(values) => send(toBody(values) as never)}
      data-testid={`step-form-${step}`}
    >
      {children}
      {complaint.allowedActions.includes('attach-evidence') && (
        <Form.Item>
          <EvidenceDrop kind="complaints" id={complaint.id} compact />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" loading={busy} data-testid="step-submit">
        {t('step.submit', { step: t(`domain:step.${step}`) })}
      </Button>
    </Form>
  );
};

/** Codes as options, each in the reader's words. */
export const useCodeOptions = () => {
  const { t } = useTranslation();
  return (codes: readonly string[], group: string) =>
    codes.map((code) => ({ value: code, label: t(`domain:${group}.${code}`) }));
};
