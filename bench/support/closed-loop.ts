import {
  AnalyseStepDto,
  ArchiveStepDto,
  FeedbackStepDto,
  IdentifyStepDto,
  ResolveStepDto,
  VerifyStepDto,
} from '../../apps/api/complaints/dto/step-bodies.dto.js';
import type { ComplaintCommand } from '../../libs/domain/index.js';

export type Payload = Pick<ComplaintCommand, 'type' | 'data'>;

/** A case's commands from identification to its archive, as the step examples fill them. */
export const closedLoop: Payload[] = [
  { type: 'CompleteIdentification', data: { ...IdentifyStepDto.example, owner: 'li.wei' } },
  { type: 'CompleteAnalysis', data: AnalyseStepDto.example },
  { type: 'CompleteResolution', data: ResolveStepDto.example },
  { type: 'CompleteVerification', data: VerifyStepDto.example },
  { type: 'CompleteFeedback', data: FeedbackStepDto.example },
  { type: 'ArchiveComplaint', data: ArchiveStepDto.example },
] as Payload[];
