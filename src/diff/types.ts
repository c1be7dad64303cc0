// The differential run's data: what the runner records per request, and what the engine reports.

/** One recorded request and its answer, as the runner records it on each host. */
export interface RecordedExchange {
  /** `<check id>#<ordinal of the request within that rule>`: the same request on every host. */
  key: string;
  /** The operation, e.g. 'issueCoupon' or 'POST /v2/coupon/issue'. */
  operation: string;
  request: {
    method: string;
    /** Path and query, e.g. '/v2/coupon/bulk/redeem?is_redeemable=true'. */
    path: string;
    body?: unknown;
    /** The request as curl, credentials already redacted (optional; used in the example pair). */
    curl?: string;
  };
  /** The answer; null or absent when none arrived (timeout, reset). */
  response?: {
    status: number;
    headers?: Record<string, unknown>;
    /** The parsed JSON body, or the text when it is not JSON. */
    body: unknown;
  } | null;
  /** The transport error in plain words when no answer arrived. */
  error?: string;
}

/** The fixtures of one host: the fixtures-file format of DESIGN.md (only these keys are read). */
export interface FixturesLike {
  seriesId: number;
  customers: readonly { id: number; mobile?: string; externalId?: string; email?: string }[];
  pointsRedemptions?: readonly { redemptionId?: string; externalReferenceNumber?: string; customer?: Record<string, unknown> }[];
}

export type DifferenceKind = 'status' | 'value' | 'type' | 'missing' | 'extra';

/** One difference between two normalised answers to the same request. */
export interface Difference {
  operation: string;
  /** JSON-pointer-like, `[]` for array entries (`/response[]/result/code`); `(status)` for the HTTP status, `/` for the whole body. */
  path: string;
  kind: DifferenceKind;
  /** The value in the first answer (primary); undefined when missing there. */
  a: unknown;
  /** The value in the second answer (candidate or secondary); undefined when missing there. */
  b: unknown;
}

/** One example of a difference: the request and both values. */
export interface DiffExample {
  key: string;
  /** `METHOD path`, and the curl of the primary's request when recorded. */
  request: string;
  curl?: string;
  a: unknown;
  b: unknown;
}

/** Per operation and field path: how often the candidate differed from the primary, and whether that is noise. */
export interface FieldDifference {
  operation: string;
  path: string;
  kinds: DifferenceKind[];
  /** Pairs (primary, candidate) of this operation that differ at this path. */
  count: number;
  /** Pairs (primary, candidate) of this operation compared. */
  pairs: number;
  /** Pairs (primary, secondary) of this operation that differ at this path. */
  noiseCount: number;
  /** Pairs (primary, secondary) of this operation compared. */
  noisePairs: number;
  /** True when the host differs from itself here about as often as the candidate differs from it. */
  noise: boolean;
  /** Why it is (not) noise, in words. */
  reason: string;
  example: DiffExample;
}

/** A field where the primary host differs from itself (primary vs secondary). */
export interface NoiseField {
  operation: string;
  path: string;
  kinds: DifferenceKind[];
  count: number;
  pairs: number;
  example: DiffExample;
}

/** A key answered on one side only. */
export interface Unpaired {
  key: string;
  operation: string;
  only: 'primary' | 'candidate';
  /** True when the same key is also unpaired between primary and secondary (the host's own traffic varies). */
  noise: boolean;
}

export interface DiffReport {
  /** Keys answered by both primary and candidate. */
  pairs: number;
  /** Keys answered by both primary and secondary (the noise calibration). */
  noisePairs: number;
  /** Every (operation, path) where the candidate differed from the primary, noise or not; non-noise first. */
  differences: FieldDifference[];
  /** Every (operation, path) where the primary differed from the secondary. */
  noise: NoiseField[];
  unpaired: Unpaired[];
  /** No difference that is not noise, and no unpaired key that is not noise. */
  ok: boolean;
}
