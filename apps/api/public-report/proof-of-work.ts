import { createHmac } from 'node:crypto';
import { createChallenge, randomInt, verifySolution, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { canonicalJson } from '../../../libs/event-store/index.js';
import { problemSaying } from '../problems/problem.js';

/** The deployment's `ProofOfWork`, for Nest to inject. */
export const PROOF_OF_WORK = Symbol('PROOF_OF_WORK');

/** How long a challenge may be solved and sent in: a person filling in the form takes minutes, not hours. */
const challengeTtlMs = 30 * 60_000;

/** The solved payload as the form sends it: base64 of `{ challenge, solution }`. */
type SolvedPayload = Readonly<{ challenge: Challenge; solution: Parameters<typeof verifySolution>[0]['solution'] }>;

const readPayload = (altcha: string): SolvedPayload | undefined => {
  try {
    const payload = JSON.parse(Buffer.from(altcha, 'base64').toString('utf8')) as SolvedPayload;
    return payload && typeof payload === 'object' && payload.challenge && payload.solution ? payload : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The public form's proof of work (ALTCHA, self-hosted: no third party): a
 * challenge signed under the deployment's secret, which a browser solves in a
 * second or two and a bot must pay for each time. `cost` is PBKDF2's
 * iterations per try.
 */
export class ProofOfWork {
  private readonly secret: string;

  constructor(
    deploymentSecret: Uint8Array,
    private readonly cost: number,
  ) {
    this.secret = createHmac('sha256', deploymentSecret).update('qloop:altcha').digest('hex');
  }

  /** What makes two submissions the same: keyed, so what the history keeps of it confirms no guessed body. */
  fingerprint(body: unknown): string {
    return createHmac('sha256', this.secret)
      .update(canonicalJson(['public-form', body]))
      .digest('base64url');
  }

  challenge(): Promise<Challenge> {
    return createChallenge({
      algorithm: 'PBKDF2/SHA-256',
      cost: this.cost,
      // How many tries the browser makes: about a second of a phone's time at the default cost.
      counter: randomInt(500, 3_000),
      deriveKey,
      hmacSignatureSecret: this.secret,
      expiresAt: new Date(Date.now() + challengeTtlMs),
    });
  }

  /**
   * The signature of the challenge the payload solves, or 403 when it solves
   * none of ours (missing, malformed, forged, wrong or expired): the signature
   * names the submission, so sending one solution twice files one complaint.
   */
  async solved(altcha: string): Promise<string> {
    const payload = readPayload(altcha);
    const result = payload
      ? await verifySolution({
          challenge: payload.challenge,
          solution: payload.solution,
          deriveKey,
          hmacSignatureSecret: this.secret,
        }).catch(() => undefined)
      : undefined;
    if (!result?.verified || !payload?.challenge.signature)
      throw problemSaying('not-permitted', 'challenge-not-solved', {}, { field: 'altcha' });
    return payload.challenge.signature;
  }
}
