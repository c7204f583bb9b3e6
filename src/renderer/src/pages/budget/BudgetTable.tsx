/** The month's budget by group: each group's own amount and its categories' lines, with the group tools. */
import { useState, type KeyboardEvent } from 'react';
import type { MyBucksApi } from '../../../../shared/contract';
import type { BudgetGroupDTO, BudgetLineDTO, BudgetMonthDTO } from '../../../../shared/dto';
import { FormError } from '../../components/feedback';
import { Money } from '../../components/Money';
import { formatMonth } from '../../lib/dates';
import { formatMoney } from '../../lib/money';
import { useAction } from '../../lib/use-action';
import { AmountInput } from './AmountInput';
import { BudgetBar } from './BudgetBar';
import { leftSentence, openSpent, paceShort, shiftMonth } from './budget-text';

type Change = (run: (api: MyBucksApi) => Promise<BudgetMonthDTO>) => Promise<void>;

function Spent({ keys, name, data, spent, pace, available }: { keys: (string | null)[]; name: string; data: BudgetMonthDTO; spent: BudgetLineDTO['spent']; pace: BudgetLineDTO['pace']; available: number }) {
  const c = data.book.currency;
  const paceText = paceShort(pace, available, c);
  return (
    <>
      {keys.length ? (
        <button
          type="button"
          className="drill"
          onClick={() => openSpent(keys, name, data.month, data.book, 'budget')}
          aria-label={`${name}: ${formatMoney(spent.totalMinor, c)} spent in ${formatMonth(data.month)}. Show these transactions`}
        >
          <Money minor={spent.totalMinor} currency={c} />
        </button>
      ) : (
        <Money minor={spent.totalMinor} currency={c} />
      )}
      {spent.pendingMinor > 0 && <span className="muted small block">of which {formatMoney(spent.pendingMinor, c)} pending</span>}
      {paceText && spent.totalMinor > 0 && <span className="muted small block">{paceText}</span>}
    </>
  );
}

function LeftCell({ left, currency, budgeted }: { left: number; currency: string; budgeted: boolean }) {
  if (!budgeted) return <span className="muted">Not budgeted</span>;
  return <span className={`money ${left < 0 ? 'negative over-text' : ''}`}>{leftSentence(left, currency)}</span>;
}

function CarryIn({ line, data }: { line: BudgetLineDTO; data: BudgetMonthDTO }) {
  if (!line.carryInMinor) return null;
  const sign = line.carryInMinor > 0 ? '+' : '−';
  return (
    <span className="muted small block">
      {sign}
      {formatMoney(Math.abs(line.carryInMinor), data.book.currency)} carried from {formatMonth(shiftMonth(data.month, -1))}
    </span>
  );
}

function GroupName({ group, data, onChange }: { group: BudgetGroupDTO; data: BudgetMonthDTO; onChange: Change }) {
  const [mode, setMode] = useState<'show' | 'rename' | 'delete'>('show');
  const [name, setName] = useState(group.name);
  const action = useAction();
  const reload = (api: MyBucksApi) => api.getBudgetMonth({ month: data.month, book: data.book });
  const id = group.groupId;
  if (id === null) return <span className="group-name">{group.name}</span>;

  async function rename(): Promise<void> {
    await action.run(
      async () => {
        await onChange(async (api) => {
          await api.renameCategoryGroup({ groupId: id as string, name });
          return reload(api);
        });
        setMode('show');
      },
      (m) => m,
    );
  }
  function onKeyDown(e: KeyboardEvent<HTMLInputElement>): void {
    if (e.key === 'Enter') {
      e.preventDefault();
      void rename();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      setName(group.name);
      setMode('show');
    }
  }
  if (mode === 'rename') {
    return (
      <div className="group-tools">
        <FormError message={action.error} />
        <input aria-label={`New name for ${group.name}`} value={name} onChange={(e) => setName(e.target.value)} onKeyDown={onKeyDown} autoFocus maxLength={60} />
        <button type="button" className="btn small-btn" onClick={() => void rename()} disabled={action.busy}>
          Save
        </button>
        <button type="button" className="btn small-btn" onClick={() => setMode('show')}>
          Cancel
        </button>
      </div>
    );
  }
  if (mode === 'delete') {
    return (
      <div className="group-tools" role="group" aria-label={`Delete ${group.name}?`}>
        <FormError message={action.error} />
        <span>
          Delete <strong>{group.name}</strong>? Its categories stay, in no group; the group&apos;s own amounts are removed.
        </span>
        <button
          type="button"
          className="btn danger small-btn"
          disabled={action.busy}
          onClick={() =>
            void action.run(
              () =>
                onChange(async (api) => {
                  await api.deleteCategoryGroup({ groupId: id });
                  return reload(api);
                }),
              (m) => m,
            )
          }
        >
          Delete group
        </button>
        <button type="button" className="btn small-btn" onClick={() => setMode('show')} autoFocus>
          Keep it
        </button>
      </div>
    );
  }
  return (
    <div className="group-tools">
      <span className="group-name">{group.name}</span>
      <button type="button" className="btn small-btn" onClick={() => setMode('rename')} aria-label={`Rename ${group.name}`}>
        Rename
      </button>
      <button type="button" className="btn small-btn" onClick={() => setMode('delete')} aria-label={`Delete ${group.name}`}>
        Delete
      </button>
    </div>
  );
}

export function BudgetTable({ data, onChange }: { data: BudgetMonthDTO; onChange: Change }) {
  const c = data.book.currency;
  const book = { book: data.book };
  const month = formatMonth(data.month);
  const action = useAction();
  const [newGroup, setNewGroup] = useState('');
  const groups = data.groups.filter((g) => g.groupId !== null);

  const save = (target: { categoryId: string } | { groupId: string }) => (minor: number | null) =>
    onChange((api) => api.setBudget({ month: data.month, ...target, amountMinor: minor, ...book }));

  return (
    <section className="card budget-table-card" aria-label={`Budget for ${month}`}>
      <FormError message={action.error} />
      <div className="table-scroll">
        <table className="data-table budget-table">
          <caption className="visually-hidden">
            Budget for {month} by group: amount, spent, left and carry-over per category. Enter saves an amount, Escape puts it back, the arrow keys move between amounts.
          </caption>
          <colgroup>
            <col className="col-name" />
            <col className="col-amount" />
            <col className="col-spent" />
            <col className="col-left" />
            <col className="col-bar" />
            <col className="col-options" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Category</th>
              <th scope="col">Budgeted</th>
              <th scope="col">Spent</th>
              <th scope="col">Left</th>
              <th scope="col">Progress</th>
              <th scope="col">Options</th>
            </tr>
          </thead>
          {data.groups.map((g) => (
            <tbody key={g.groupId ?? 'other'} className="budget-group">
              <tr className="group-row">
                <th scope="rowgroup">
                  <GroupName group={g} data={data} onChange={onChange} />
                </th>
                <td>
                  {g.groupId !== null ? (
                    <>
                      <AmountInput
                        value={g.budgetedMinor}
                        currency={c}
                        label={`${g.name} group amount for ${month} (empty: the sum of its categories)`}
                        placeholder={g.categoriesAvailableMinor ? formatMoney(g.categoriesAvailableMinor, c) : undefined}
                        onSave={save({ groupId: g.groupId })}
                      />
                      {g.budgetedMinor !== null && <span className="muted small block">categories: {formatMoney(g.categoriesAvailableMinor, c)}</span>}
                    </>
                  ) : (
                    <Money minor={g.availableMinor} currency={c} />
                  )}
                </td>
                <td>
                  <Spent keys={g.lines.map((l) => l.categoryId)} name={g.name} data={data} spent={g.spent} pace={null} available={g.availableMinor} />
                  {g.spent.totalMinor > g.budgetedSpentMinor && g.budgetedSpentMinor > 0 && (
                    <span className="muted small block">{formatMoney(g.spent.totalMinor - g.budgetedSpentMinor, c)} of it without a budget</span>
                  )}
                </td>
                <td>
                  <LeftCell left={g.leftMinor} currency={c} budgeted={g.budgetedMinor !== null || g.lines.some((l) => l.budgeted)} />
                </td>
                <td>
                  <BudgetBar spentMinor={g.budgetedSpentMinor} availableMinor={g.availableMinor} />
                </td>
                <td />
              </tr>
              {g.lines.length === 0 && (
                <tr>
                  <td colSpan={6} className="muted small">
                    No categories yet: move one here with its Group menu.
                  </td>
                </tr>
              )}
              {g.lines.map((l) => (
                <tr key={l.categoryId ?? 'uncategorised'}>
                  <th scope="row" className="line-name">
                    <span className="dot" style={{ background: l.color }} aria-hidden="true" />
                    {l.name}
                  </th>
                  <td>
                    {l.categoryId !== null ? (
                      <AmountInput value={l.budgetedMinor} currency={c} label={`${l.name} budget for ${month}`} onSave={save({ categoryId: l.categoryId })} />
                    ) : (
                      <span className="muted small">Categorise these to budget them</span>
                    )}
                    <CarryIn line={l} data={data} />
                  </td>
                  <td>
                    <Spent keys={[l.categoryId]} name={l.name} data={data} spent={l.spent} pace={l.pace} available={l.availableMinor} />
                  </td>
                  <td>
                    <LeftCell left={l.leftMinor} currency={c} budgeted={l.budgeted} />
                  </td>
                  <td>
                    {l.budgeted ? <BudgetBar spentMinor={l.spent.totalMinor} availableMinor={l.availableMinor} /> : <span className="muted small">—</span>}
                  </td>
                  <td>
                    {l.categoryId !== null && (
                      <span className="line-options">
                        <label className="carry">
                          <input
                            type="checkbox"
                            checked={l.carryOver}
                            onChange={(e) =>
                              void action.run(
                                () => onChange((api) => api.setBudgetCarryover({ categoryId: l.categoryId as string, month: data.month, enabled: e.target.checked, ...book })),
                                (m) => m,
                              )
                            }
                          />
                          Carry over<span className="visually-hidden"> what is left of {l.name} into next month</span>
                        </label>
                        <select
                          aria-label={`Group of ${l.name}`}
                          value={g.groupId ?? ''}
                          onChange={(e) =>
                            void action.run(
                              () =>
                                onChange(async (api) => {
                                  await api.moveCategoryToGroup({ categoryId: l.categoryId as string, groupId: e.target.value || null });
                                  return api.getBudgetMonth({ month: data.month, ...book });
                                }),
                              (m) => m,
                            )
                          }
                        >
                          {groups.map((x) => (
                            <option key={x.groupId} value={x.groupId as string}>
                              {x.name}
                            </option>
                          ))}
                          <option value="">No group</option>
                        </select>
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      </div>
      <form
        className="row new-group"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(
            () =>
              onChange(async (api) => {
                await api.createCategoryGroup({ name: newGroup });
                setNewGroup('');
                return api.getBudgetMonth({ month: data.month, ...book });
              }),
            (m) => m,
          );
        }}
      >
        <label className="inline-label">
          New group
          <input value={newGroup} onChange={(e) => setNewGroup(e.target.value)} maxLength={60} placeholder="e.g. Kids" />
        </label>
        <button type="submit" className="btn" disabled={action.busy || !newGroup.trim()}>
          Add group
        </button>
      </form>
    </section>
  );
}
