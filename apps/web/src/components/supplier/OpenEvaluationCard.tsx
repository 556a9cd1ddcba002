import { Card, Form, Input, InputNumber } from 'antd';
import { useTranslation } from 'react-i18next';
import { scoredCriteria } from '../../../../../libs/domain/supplier/vocabulary.js';
import { supplierWrite } from '../../api/suppliers.js';
import type { ScoresBody } from '../../api/types.js';
import { WriteButton } from '../WriteButton.js';
import { instant } from './format.js';
import { may, type SupplierWriteProps } from './write-props.js';

/** Each criterion is a field of its own; the notes beside them. */
type ScoreValues = ScoresBody['scores'] & Pick<ScoresBody, 'notes'>;

/** The evaluation under way: why it opened, when it is due, and the scores form. */
export const OpenEvaluationCard = ({ supplier, onDone, onConflict }: SupplierWriteProps) => {
  const { t } = useTranslation();
  const { evaluation } = supplier;
  if (!evaluation) return null;
  return (
    <Card
      title={t('supplier.openEvaluation', {
        trigger: t(`domain:trigger.${evaluation.trigger}`),
        due: instant(evaluation.dueBy),
      })}
    >
      {may(supplier, 'submit-scores') && (
        <WriteButton<ScoresBody, typeof supplier, ScoreValues>
          write={supplierWrite('/api/v1/suppliers/{id}/evaluations/current/scores', { id: supplier.id })}
          revision={supplier.revision}
          onDone={onDone}
          onConflict={onConflict}
          testId="scores"
          label={t('supplier.scoreIt')}
          toBody={({ notes, ...scores }) => ({ scores, notes })}
          fields={
            <>
              {scoredCriteria.map((criterion) => (
                <Form.Item
                  key={criterion}
                  name={criterion}
                  label={t(`domain:criterion.${criterion}`)}
                  rules={[{ required: true }]}
                >
                  <InputNumber min={supplier.scales.score.min} max={supplier.scales.score.max} />
                </Form.Item>
              ))}
              <Form.Item name="notes" label={t('supplier.notes')}>
                <Input.TextArea rows={2} />
              </Form.Item>
            </>
          }
        />
      )}
    </Card>
  );
};
