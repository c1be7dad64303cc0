// Which documented rules each check covers, where it cannot be computed. Most of the mapping
// is derived (coverage.ts): a response check covers `<prefix>.response.<its name>`; a scenario
// whose id ends in a situation key covers that situation (`points-update.error-748-no-metadata`
// → `points-update.situation.no-metadata`); negative_data_rejection covers the situation of
// each of its operation's mutators; a situation brings its codes and documented statuses.
// What is left is written here: one entry per check (or per family of checks, `*` matching
// any run of characters), naming the rule ids it covers. `{prefix}` stands for the check's
// own id prefix. The traceability test fails on an entry that matches no check, or that
// names a rule the catalogue does not have.

export interface MappingEntry {
  /** A check id, or a pattern with `*`: `*.auth-missing`, `coupon-issue.identifier-*`. */
  checks: string;
  /** Rule ids; `{prefix}` is the matched check's id prefix. */
  rules: string[];
}

export const MAPPING: readonly MappingEntry[] = [
  // Authentication (FACTS.md): every operation answers 401 without, or with wrong, credentials.
  { checks: '*.auth-missing', rules: ['{prefix}.status.401'] },
  { checks: '*.auth-wrong-password', rules: ['{prefix}.status.401'] },

  // Properties: a valid request is accepted (the operation's success situations and 200).
  { checks: 'coupon-issue.positive_data_acceptance', rules: ['{prefix}.situation.issued', '{prefix}.status.200'] },
  {
    checks: 'bulk-redeem.positive_data_acceptance',
    rules: [
      '{prefix}.situation.redeemed', '{prefix}.situation.redeemable', '{prefix}.status.200', '{prefix}.batch-limit',
      'page-defect.bill-amount-string-or-number', 'page-defect.redemption-time-format', 'page-defect.bulk-redeem-required-marks',
    ],
  },
  {
    checks: 'coupon-update.positive_data_acceptance',
    rules: ['{prefix}.situation.entry-updated', '{prefix}.situation.all-updated', '{prefix}.status.200', 'page-defect.bill-amount-string-or-number', 'page-defect.custom-fields-array-or-object'],
  },
  { checks: 'points-update.positive_data_acceptance', rules: ['{prefix}.status.200'] },
  // negative_data_rejection: the mutators' situations are derived; the statuses of a refusal here.
  { checks: 'coupon-issue.negative_data_rejection', rules: ['{prefix}.status.4XX'] },
  { checks: 'bulk-redeem.negative_data_rejection', rules: ['{prefix}.status.400', '{prefix}.batch-limit'] },
  { checks: 'coupon-update.negative_data_rejection', rules: ['{prefix}.status.4XX'] },
  { checks: 'points-update.negative_data_rejection', rules: ['{prefix}.status.4XX'] },

  // Schema specs: a documented answer, validated against its schema.
  { checks: 'coupon-issue.schema.issued-coupon', rules: ['{prefix}.situation.issued', '{prefix}.status.200', 'page-defect.issue-profile-types'] },
  { checks: 'coupon-issue.schema.refusal', rules: ['{prefix}.status.4XX'] },
  { checks: 'coupon-issue.schema.unauthenticated', rules: ['{prefix}.status.401'] },
  { checks: 'bulk-redeem.schema.dry-run', rules: ['{prefix}.situation.redeemable', '{prefix}.status.200'] },
  { checks: 'bulk-redeem.schema.redeemed', rules: ['{prefix}.status.200'] },
  { checks: 'bulk-redeem.schema.unknown-coupon-refusal', rules: ['{prefix}.status.4XX'] },
  { checks: 'bulk-redeem.schema.unknown-customer-refusal', rules: ['{prefix}.status.400'] },
  { checks: 'coupon-update.schema.updated', rules: ['{prefix}.status.200', 'page-defect.redemption-id-type'] },
  { checks: 'coupon-update.schema.refusal', rules: ['{prefix}.status.4XX'] },
  { checks: 'points-update.schema.updated', rules: ['{prefix}.status.200', 'page-defect.redemption-id-type'] },
  { checks: 'points-update.schema.refusal', rules: ['{prefix}.status.4XX'] },

  // Scenarios whose id does not name their situation.
  { checks: 'bulk-redeem.batch-limit-exceeded', rules: ['{prefix}.batch-limit', '{prefix}.situation.batch-too-large', '{prefix}.situation.redeemable'] },
  { checks: 'bulk-redeem.batch-limit-exact', rules: ['{prefix}.batch-limit', '{prefix}.situation.redeemed'] },
  { checks: 'bulk-redeem.atomic-failure', rules: ['{prefix}.situation.unknown-coupon', '{prefix}.situation.failed-because-of-others', '{prefix}.situation.redeemed'] },
  { checks: 'bulk-redeem.dry-run', rules: ['{prefix}.situation.redeemable', '{prefix}.situation.redeemed'] },
  { checks: 'bulk-redeem.dry-run-invalid', rules: ['{prefix}.situation.unknown-coupon'] },
  { checks: 'bulk-redeem.double-redemption', rules: ['{prefix}.situation.already-redeemed', '{prefix}.situation.redeemed'] },
  { checks: 'bulk-redeem.same-coupon-twice', rules: ['{prefix}.situation.duplicate-in-request', '{prefix}.situation.redeemed'] },
  { checks: 'bulk-redeem.foreign-coupon', rules: ['{prefix}.situation.redeemed'] },
  { checks: 'bulk-redeem.concurrent-redemption', rules: ['{prefix}.situation.redeemed'] },
  { checks: 'bulk-redeem.no-identifier', rules: ['{prefix}.situation.no-customer-identifier'] },
  { checks: 'bulk-redeem.identifier-*', rules: ['{prefix}.situation.redeemed'] },
  { checks: 'coupon-issue.identifier-*', rules: ['{prefix}.situation.issued'] },
  { checks: 'coupon-issue.no-identifier', rules: ['{prefix}.situation.no-customer-identifier'] },
  { checks: 'coupon-update.lifecycle-updated', rules: ['{prefix}.situation.entry-updated', '{prefix}.situation.all-updated', 'page-defect.redemption-id-type'] },
  { checks: 'coupon-update.partial-update', rules: ['{prefix}.situation.partially-updated', '{prefix}.situation.entry-updated', '{prefix}.situation.unknown-redemption-id'] },
  { checks: 'points-update.error-1212-entity-type', rules: ['{prefix}.situation.invalid-entity-type'] },
  { checks: 'points-update.error-1219-entity-details', rules: ['{prefix}.situation.invalid-entity-details'] },
  { checks: 'points-update.echoes-updated-fields', rules: ['{prefix}.status.200'] },
  { checks: 'points-update.update-is-stored', rules: ['{prefix}.status.200'] },
  { checks: 'points-update.by-external-reference', rules: ['{prefix}.status.200'] },

  // Response checks, beyond their own rule: the schema check holds the readings of the defects.
  { checks: 'coupon-issue.response_schema_conformance', rules: ['page-defect.issue-profile-types'] },
  { checks: 'bulk-redeem.response_schema_conformance', rules: ['page-defect.redemption-id-type'] },
  { checks: 'coupon-update.response_schema_conformance', rules: ['page-defect.custom-fields-array-or-object'] },
];

/**
 * Rules no check covers on purpose, with why: shown beside them on the rules page (they are
 * still listed as uncovered).
 */
export const UNCOVERED_NOTES: Readonly<Record<string, string>> = {
  'page-defect.coupon-redeem-request-example-invalid-json':
    "a reading of the page's example, not of the host: the repaired example is checked against the schema by the project's own tests (test/contract)",
};
