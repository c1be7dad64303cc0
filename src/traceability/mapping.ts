// What cannot be stated on a rule's own definition: the response checks (one table for all
// operations, src/checks) cover, beyond their own `<prefix>.response.<name>` rule, the
// readings of page defects that only show in one operation's responses. Every other check
// says what it covers in its rule's `covers` (src/rules/registry.ts). The traceability test
// fails on an entry that matches no check, or that names a rule the catalogue does not have.

export interface MappingEntry {
  /** A check id, or a pattern with `*`. */
  checks: string;
  /** Rule ids; `{prefix}` is the matched check's id prefix. */
  rules: string[];
}

export const MAPPING: readonly MappingEntry[] = [
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
