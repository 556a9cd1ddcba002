import { Inject, Injectable } from '@nestjs/common';
import { readableCode } from '../../../libs/support/stable-id.js';
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
    const key = `public-form:${solved}`;
    // The solution names the submission: sent twice, it files one complaint; with another body, it is refused.
    const caller: Caller = {
      actor: publicFormActor,
      roles: [],
      team: [],
      idempotencyKey: key,
      fingerprint: this.proof.fingerprint(body),
    };
    const product = [productRef?.trim(), lot?.trim()].filter(Boolean).join(' / ');
    const view = await this.complaints.register(
      {
        ...details,
        // A customer of its own, never one found by the name typed: a stranger's form must not reach, nor be filed
        // with, someone else's record. Staff merge it into the one it is, if any.
        customer: {
          id: readableCode('CUS', key),
          name: company?.trim() || name,
          kind: company?.trim() ? 'company' : 'person',
          contact: email ?? phone,
          contactDetails: { name, ...(email ? { email } : {}), ...(phone ? { phone } : {}), language },
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
