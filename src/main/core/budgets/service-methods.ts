/** The budget calls of the contract (issue 11), for service.ts to spread into the service. */
import type { MyBucksService } from '../../../shared/contract';
import type { budgetSchemas } from '../../../shared/budget-schemas';
import type { Db } from '../db/database';
import type { CurrencyCore } from '../fx';
import { createBudgetsCore, createGroup, deleteGroup, listGroups, moveCategory, renameGroup } from '.';

export function budgetMethods(deps: { db: Db; currency: CurrencyCore; today: () => string }): Pick<MyBucksService, keyof typeof budgetSchemas> {
  const { db, currency } = deps;
  const budgets = createBudgetsCore({ db, home: currency.home, today: deps.today });
  // rates are fetched (at most daily) only when an account is in another currency than home
  const withRates = async <T>(read: () => T): Promise<T> => {
    await currency.refresh(false);
    return read();
  };
  return {
    async listCategoryGroups() {
      return listGroups(db);
    },
    async createCategoryGroup({ name }) {
      return createGroup(db, name);
    },
    async renameCategoryGroup({ groupId, name }) {
      return renameGroup(db, groupId, name);
    },
    async deleteCategoryGroup({ groupId }) {
      deleteGroup(db, groupId);
    },
    async moveCategoryToGroup({ categoryId, groupId }) {
      moveCategory(db, categoryId, groupId);
    },
    getBudgetMonth: ({ month, book }) => withRates(() => budgets.month(month, book)),
    setBudget: (input) => withRates(() => budgets.setBudget(input)),
    setBudgetCarryover: (input) => withRates(() => budgets.setCarryover(input)),
    setBudgetsFromAverage: (input) => withRates(() => budgets.setFromAverage(input)),
    copyLastMonthBudget: (input) => withRates(() => budgets.copyLastMonth(input)),
    getBudgetYear: ({ year, book }) => withRates(() => budgets.year(year, book)),
  };
}
