export * from './shared/result.js';
export * from './shared/money.js';
export * from './shared/local-date.js';
export * from './audit/canonical-json.js';
export * from './access/privacy-assignment.js';
export * from './shared/text.js';
export * from './rewards/classification.js';
export * from './rewards/local-time.js';
export * from './rewards/offer-rules.js';
export * from './rewards/offer-validity.js';
export * from './rewards/award-evaluation.js';
export * from './rewards/spend.js';
// catalogue
export * from './catalogue/segment-rule.js';
export * from './catalogue/reference-data-rules.js';
// campaigns
export * from './campaigns/campaign-state.js';
export * from './campaigns/code-pattern.js';
export * from './campaigns/discount.js';
export * from './campaigns/redemption-check.js';
export * from './campaigns/budget.js';
export * from './campaigns/conflict-check.js';
export * from './campaigns/campaign-terms.js';
export * from './campaigns/campaign-changes.js';
export * from './campaigns/campaign-report.js';
// discounts
export * from './discounts/bill-preview.js';
export * from './discounts/definition.js';
export * from './discounts/ad-hoc-discount.js';
export * from './discounts/criteria.js';
// vouchers
export * from './vouchers/voucher-check.js';
export * from './vouchers/merchant-day.js';
// approvals
export * from './approvals/approval-decision.js';
// reports
export * from './reports/report-period.js';
