import { Steps } from 'antd';
import { useTranslation } from 'react-i18next';
import { complaintSteps } from '../../../../libs/domain/complaint/vocabulary.js';
import type { ComplaintView } from '../api/types.js';

/** The six steps of the loop as a progress bar: done, current (red when late), to come. */
export const CaseSteps = ({ complaint }: { complaint: ComplaintView }) => {
  const { t } = useTranslation();
  // A withdrawn case stopped where it stood, not at the end of the loop.
  const stoppedAt = complaint.status === 'withdrawn' ? complaint.withdrawal?.step : undefined;
  const current =
    complaint.status === 'open'
      ? complaintSteps.indexOf(complaint.step as (typeof complaintSteps)[number])
      : stoppedAt
        ? complaintSteps.indexOf(stoppedAt)
        : complaintSteps.length;
  return (
    <div data-testid="case-steps" data-current={complaint.status === 'open' ? complaint.step : complaint.status}>
      <Steps
        size="small"
        current={current}
        status={
          complaint.status === 'withdrawn'
            ? 'error'
            : complaint.sla.breached && complaint.status === 'open'
              ? 'error'
              : 'process'
        }
        items={complaintSteps.map((step) => ({ title: t(`domain:step.${step}`) }))}
      />
    </div>
  );
};
