import type { CategoryDTO } from '../../../shared/dto';

/** One `<option>` per category, for the category selects. */
export function CategoryOptions({ categories }: { categories: CategoryDTO[] }) {
  return categories.map((c) => (
    <option key={c.id} value={c.id}>
      {c.name}
    </option>
  ));
}
