/** Dashboard queries: each returns exactly the DTO of the contract call of the same name. */
export { accountCountsByConnection, balancesByBank, listAccounts } from './accounts';
export { incomeVsExpenses, netWorth, spendingByCategory, spendingTrend, topMerchants } from './spending';
export { exportTransactionsCsv, listTransactions } from './transactions';
export { createRule, deleteRule, listCategories, listRules, setTransactionCategory } from './categories';
export { listSyncRuns } from './sync-runs';
export { InvalidInputError, NotFoundError } from './errors';
