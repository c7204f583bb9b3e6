import { useState, type FormEvent } from 'react';
import { CATEGORY_PALETTE } from '../../../shared/category-palette';
import type { CategoryDTO, CategoryUsageDTO } from '../../../shared/dto';
import { useApi, useQuery } from '../api/context';
import { Dialog, DialogFormFooter } from '../components/Dialog';
import { ErrorMessage, Skeleton } from '../components/feedback';
import { useAction } from '../lib/use-action';

type Kind = CategoryDTO['kind'];
export const KIND_LABELS: Record<Kind, string> = { expense: 'Spending', income: 'Income', transfer: 'Transfer' };
const KIND_HELP: Record<Kind, string> = {
  expense: 'counts as spending',
  income: 'counts as income',
  transfer: 'neither income nor spending (money moving between your own accounts)',
};

/** The palette as radio buttons drawn as swatches: every colour is readable on both themes. */
export function ColorPicker({ value, onChange }: { value: string; onChange: (color: string) => void }) {
  return (
    <fieldset className="color-picker">
      <legend>Colour</legend>
      <div className="swatches">
        {CATEGORY_PALETTE.map((p) => (
          <label key={p.color} className="swatch" title={p.name}>
            <input type="radio" name="category-colour" value={p.color} checked={value === p.color} onChange={() => onChange(p.color)} aria-label={p.name} />
            <span aria-hidden="true" style={{ background: p.color }} />
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function CategoryForm({ category, onDone, onCancel }: { category: CategoryDTO | null; onDone: (message: string) => void; onCancel: () => void }) {
  const api = useApi();
  const [name, setName] = useState(category?.name ?? '');
  const [kind, setKind] = useState<Kind>(category?.kind ?? 'expense');
  const [color, setColor] = useState<string>(category?.color ?? CATEGORY_PALETTE[0].color);
  const [hidden, setHidden] = useState(category?.hidden ?? false);
  const { busy, error, run } = useAction();
  const builtin = category?.builtin ?? false;

  function submit(e: FormEvent) {
    e.preventDefault();
    // a colour from before the palette stays until the user picks one of the palette's
    const picked = CATEGORY_PALETTE.find((p) => p.color === color)?.color;
    const input = { name: name.trim(), kind, color: picked ?? CATEGORY_PALETTE[0].color };
    void run(
      async () => {
        if (category) {
          await api.updateCategory({ categoryId: category.id, name: input.name, color: picked, kind: builtin ? undefined : kind, hidden });
          onDone(`Saved “${input.name}”.`);
        } else {
          await api.createCategory(input);
          onDone(`Created “${input.name}”. It is in every category list now.`);
        }
      },
      (message) => `The category was not saved: ${message}`,
    );
  }

  return (
    <form className="form-grid" onSubmit={submit} aria-label={category ? 'Edit category' : 'New category'}>
      <label>
        Name
        <input required maxLength={60} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Kind
        <select value={kind} disabled={builtin} onChange={(e) => setKind(e.target.value as Kind)} aria-describedby="category-kind-help">
          {(Object.keys(KIND_LABELS) as Kind[]).map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
        <span id="category-kind-help" className="small">
          {builtin ? 'A built-in category keeps its kind.' : `${KIND_LABELS[kind]}: ${KIND_HELP[kind]}.`}
        </span>
      </label>
      <ColorPicker value={color} onChange={setColor} />
      {category && (
        <label className="checkbox">
          <input type="checkbox" checked={hidden} onChange={(e) => setHidden(e.target.checked)} />
          Hide from category lists (its transactions still count and show)
        </label>
      )}
      <DialogFormFooter error={error} submitLabel={busy ? 'Saving…' : 'Save category'} disabled={busy || !name.trim()} onCancel={onCancel} />
    </form>
  );
}

function MergeForm({
  from,
  categories,
  usage,
  onDone,
  onCancel,
}: {
  from: CategoryDTO;
  categories: CategoryDTO[];
  usage: CategoryUsageDTO | undefined;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const api = useApi();
  const others = categories.filter((c) => c.id !== from.id);
  const [intoId, setIntoId] = useState(others[0]?.id ?? '');
  const { busy, error, run } = useAction();
  const into = others.find((c) => c.id === intoId);

  function submit(e: FormEvent) {
    e.preventDefault();
    void run(
      async () => {
        const moved = await api.mergeCategory({ fromId: from.id, intoId });
        onDone(
          `Merged “${from.name}” into “${into?.name}”: ${moved.transactions.toLocaleString()} transaction${moved.transactions === 1 ? '' : 's'} and ${moved.rules} rule${moved.rules === 1 ? '' : 's'} moved.`,
        );
      },
      (message) => `The categories were not merged: ${message}`,
    );
  }

  return (
    <form className="form-grid" onSubmit={submit} aria-label="Merge category">
      <p>
        Everything in “{from.name}” ({(usage?.transactions ?? 0).toLocaleString()} transactions, {usage?.rules ?? 0} rules) moves to the category you
        pick, and “{from.name}” is deleted. This cannot be undone.
      </p>
      <label>
        Merge into
        <select value={intoId} onChange={(e) => setIntoId(e.target.value)} required>
          {others.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
              {c.hidden ? ' (hidden)' : ''}
            </option>
          ))}
        </select>
      </label>
      <DialogFormFooter error={error} submitLabel={busy ? 'Merging…' : `Merge into ${into?.name ?? '…'}`} disabled={busy || !into} onCancel={onCancel} />
    </form>
  );
}

type Editing = { mode: 'new' } | { mode: 'edit'; category: CategoryDTO } | { mode: 'merge'; category: CategoryDTO };

export function Categories() {
  const api = useApi();
  const list = useQuery((a) => a.listCategories(), 'categories', { reloadOn: ['data-changed'] });
  const usage = useQuery((a) => a.categoryUsage(), 'category-usage', { reloadOn: ['data-changed'] });
  const [editing, setEditing] = useState<Editing | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const toggle = useAction();
  const categories = list.data ?? [];
  const usageOf = (id: string) => usage.data?.find((u) => u.categoryId === id);

  function done(message: string) {
    setEditing(null);
    setNotice(message);
    list.reload();
    usage.reload();
  }

  function setHidden(c: CategoryDTO, hidden: boolean) {
    void toggle.run(
      async () => {
        await api.updateCategory({ categoryId: c.id, hidden });
        setNotice(hidden ? `“${c.name}” is hidden from category lists; its transactions still count.` : `“${c.name}” is back in the category lists.`);
        list.reload();
      },
      (message) => `“${c.name}” was not changed: ${message}`,
    );
  }

  return (
    <div className="page narrow catrules-page">
      <div className="page-head">
        <h1>Categories</h1>
        <div className="page-tools">
          <button type="button" className="btn primary" onClick={() => setEditing({ mode: 'new' })}>
            New category
          </button>
        </div>
      </div>
      <p className="muted">
        Spending categories count in your spending, income categories in your income; transfer categories in neither. Built-in categories can be renamed,
        recoloured and hidden.
      </p>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {toggle.error && (
        <p role="alert" className="error-text">
          {toggle.error}
        </p>
      )}
      {list.error && !list.data && <ErrorMessage title="Could not load your categories" message={list.error} onRetry={list.reload} />}
      {!list.data && !list.error && <Skeleton height={360} label="Loading categories" />}
      {list.data &&
        (Object.keys(KIND_LABELS) as Kind[]).map((kind) => {
          const ofKind = categories.filter((c) => c.kind === kind);
          if (ofKind.length === 0) return null;
          return (
            <section key={kind} className="card" aria-labelledby={`kind-${kind}`}>
              <h2 id={`kind-${kind}`}>{KIND_LABELS[kind]}</h2>
              <table className="data-table catrules-table">
                <thead>
                  <tr>
                    <th scope="col">Category</th>
                    <th scope="col" className="num">
                      Transactions
                    </th>
                    <th scope="col" className="num">
                      Rules
                    </th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {ofKind.map((c) => (
                    <tr key={c.id} className={c.hidden ? 'is-hidden' : undefined}>
                      <td>
                        <span className="category-dot" style={{ background: c.color }} aria-hidden="true" />
                        {c.name}
                        {c.builtin && <span className="tag">Built in</span>}
                        {c.hidden && <span className="tag">Hidden</span>}
                      </td>
                      <td className="num">{usageOf(c.id)?.transactions.toLocaleString() ?? '…'}</td>
                      <td className="num">{usageOf(c.id)?.rules.toLocaleString() ?? '…'}</td>
                      <td className="actions">
                        <button type="button" className="btn small" onClick={() => setEditing({ mode: 'edit', category: c })} aria-label={`Edit ${c.name}`}>
                          Edit
                        </button>
                        <button type="button" className="btn small" onClick={() => setHidden(c, !c.hidden)} disabled={toggle.busy} aria-label={`${c.hidden ? 'Show' : 'Hide'} ${c.name}`}>
                          {c.hidden ? 'Show' : 'Hide'}
                        </button>
                        {!c.builtin && (
                          <button type="button" className="btn small" onClick={() => setEditing({ mode: 'merge', category: c })} aria-label={`Merge ${c.name} into another category`}>
                            Merge…
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          );
        })}
      {editing && (
        <Dialog
          title={editing.mode === 'new' ? 'New category' : editing.mode === 'edit' ? `Edit “${editing.category.name}”` : `Merge “${editing.category.name}”`}
          onClose={() => setEditing(null)}
        >
          {editing.mode === 'merge' ? (
            <MergeForm from={editing.category} categories={categories} usage={usageOf(editing.category.id)} onDone={done} onCancel={() => setEditing(null)} />
          ) : (
            <CategoryForm category={editing.mode === 'edit' ? editing.category : null} onDone={done} onCancel={() => setEditing(null)} />
          )}
        </Dialog>
      )}
    </div>
  );
}
