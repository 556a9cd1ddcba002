import { AnalyseForm } from './steps/AnalyseForm.js';
import { ArchiveForm } from './steps/ArchiveForm.js';
import { FeedbackForm } from './steps/FeedbackForm.js';
import { IdentifyForm } from './steps/IdentifyForm.js';
import { ResolveForm } from './steps/ResolveForm.js';
import type { StepFormProps } from './steps/StepFormShell.js';
import { VerifyForm } from './steps/VerifyForm.js';

const forms = {
  identify: IdentifyForm,
  analyse: AnalyseForm,
  resolve: ResolveForm,
  verify: VerifyForm,
  feedback: FeedbackForm,
  archive: ArchiveForm,
} as const;

/** The form written for the step the case waits on: what that step asks of the person doing it. */
export const StepForm = (props: StepFormProps) => {
  const step = props.complaint.step!;
  const Form = forms[step];
  // Keyed by the step, so the next step's form starts afresh.
  return <Form key={step} {...props} />;
};
