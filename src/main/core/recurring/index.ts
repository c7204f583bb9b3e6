/** Recurring bills, subscriptions and income (issue 11). */
export { refreshRecurring, confirmSeries, editSeries, dismissSeries, neverDetected } from './store';
export { recurringOverview } from './overview';
