/** Dashboard queries: each returns exactly the DTO of the contract call of the same name. */
export { accountCountsByConnection, balancesByBank, listAccounts } from './accounts';
export { accountHistory, createManualAccount, reorderAccounts, setManualBalance, updateAccount } from './manage-accounts';
export { incomeVsExpenses, netWorth, spendingByCategory, spendingTrend, topMerchants } from './spending';
export { cashFlow } from './cash-flow';
export { clampRangeToData } from './ranges';
export { exportTransactionsCsv, listTransactions } from './transactions';
export { createRule, deleteRule, listCategories, listRules, setTransactionCategory } from './categories';
export { listSyncRuns } from './sync-runs';
export { InvalidInputError, NotFoundError } from './errors';
