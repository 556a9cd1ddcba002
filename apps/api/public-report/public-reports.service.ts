import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { canonicalJson } from '../../../libs/event-store/index.js';
import { ComplaintsService } from '../complaints/complaints.service.js';
import type { Caller } from '../http/request-context.js';
import type { PublicComplaintDto } from './dto/public-complaint.dto.js';
import { PROOF_OF_WORK, type ProofOfWork } from './proof-of-work.js';

/** Who files what comes through the public form: the customer, before anyone knows them. */
export const publicFormActor = 'customer:web-form';

/**
 * A complaint from someone with no account: checked for its proof of work
 * before anything is written, then registered as any other, channel `web`,
 * owned by nobody (it shows in everyone's inbox), and acknowledged to them by
 * e-mail. The customer is registered with the contact they gave, in their
 * language; a company named makes them its contact.
 */
@Injectable()
export class PublicReportsService {
  constructor(
    private readonly complaints: ComplaintsService,
    @Inject(PROOF_OF_WORK) private readonly proof: ProofOfWork,
  ) {}

  challenge() {
    return this.proof.challenge();
  }

  async file({ altcha, name, email, phone, company, language, lot, productRef, ...details }: PublicComplaintDto) {
    const solved = await this.proof.solved(altcha);
    const body = { name, email, phone, company, language, lot, productRef, ...details };
    // The solution names the submission: sent twice, it files one complaint; with another body, it is refused.
    const caller: Caller = {
      actor: publicFormActor,
      roles: [],
      team: [],
      idempotencyKey: `public-form:${solved}`,
      fingerprint: createHash('sha256')
        .update(canonicalJson(['public-form', body]))
        .digest('base64url'),
    };
    const product = [productRef?.trim(), lot?.trim()].filter(Boolean).join(' / ');
    const view = await this.complaints.register(
      {
        ...details,
        customer: {
          name: company?.trim() || name,
          kind: company?.trim() ? 'company' : 'person',
          contact: email ?? phone,
          contactName: name,
          language,
        },
        channel: 'web',
        severity: 'normal',
        ...(product ? { productRef: product } : {}),
      },
      caller,
    );
    return { number: view.number ?? view.id };
  }
}
