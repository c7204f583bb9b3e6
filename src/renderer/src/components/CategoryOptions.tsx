import type { CategoryDTO } from '../../../shared/dto';

/** One `<option>` per category, for the category selects; hidden categories only when one is `selected` already. */
export function CategoryOptions({ categories, selected }: { categories: CategoryDTO[]; selected?: string | null }) {
  return categories
    .filter((c) => !c.hidden || c.id === selected)
    .map((c) => (
      <option key={c.id} value={c.id}>
        {c.name}
      </option>
    ));
}
