import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

export interface Column<T> {
  readonly key: string;
  readonly label: string;
  readonly render: (row: T) => ComponentChildren;
  /** Makes the column sortable by this value. */
  readonly sortValue?: (row: T) => string | number | null;
  readonly className?: string;
}

interface DataTableProps<T> {
  readonly caption: string;
  /** Whether the caption is shown or only read out. */
  readonly showCaption?: boolean;
  readonly columns: readonly Column<T>[];
  readonly rows: readonly T[];
  readonly rowKey: (row: T) => string | number;
  readonly empty: string;
  readonly initialSort?: { key: string; descending?: boolean };
  readonly rowTestId?: (row: T) => string;
}

function compare(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
}

/**
 * A table with a caption, header cells with scope, and sortable columns whose headers
 * are buttons announcing their order (`aria-sort`). It scrolls sideways on narrow screens.
 */
export function DataTable<T>(props: DataTableProps<T>) {
  const [sort, setSort] = useState(props.initialSort);
  const column = props.columns.find((candidate) => candidate.key === sort?.key);
  const rows =
    column?.sortValue === undefined
      ? props.rows
      : [...props.rows].sort((a, b) => {
          const order = compare(
            (column.sortValue as (row: T) => string | number | null)(a),
            (column.sortValue as (row: T) => string | number | null)(b),
          );
          return sort?.descending ? -order : order;
        });
  return (
    <div class="table-wrap">
      <table>
        <caption class={props.showCaption ? undefined : 'visually-hidden'}>{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((col) => {
              const active = sort?.key === col.key;
              const ariaSort = active ? (sort?.descending ? 'descending' : 'ascending') : undefined;
              return (
                <th key={col.key} scope="col" aria-sort={ariaSort} class={col.className}>
                  {col.sortValue ? (
                    <button
                      type="button"
                      class="sort-button"
                      onClick={() =>
                        setSort({ key: col.key, descending: active ? !sort?.descending : false })
                      }
                    >
                      {col.label}
                      <span aria-hidden="true">{active ? (sort?.descending ? ' ▼' : ' ▲') : ' ↕'}</span>
                    </button>
                  ) : (
                    col.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={props.columns.length} class="muted">
                {props.empty}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={props.rowKey(row)} data-row={props.rowTestId?.(row)}>
                {props.columns.map((col) => (
                  <td key={col.key} class={col.className}>
                    {col.render(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
