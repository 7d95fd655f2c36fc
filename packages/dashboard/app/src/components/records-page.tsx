import { useState } from 'preact/hooks';
import type { List, LiveEventName } from '../api/api-types.js';
import { useLive } from '../live/live-events.js';
import type { Column } from './data-table.js';
import { DataTable } from './data-table.js';
import { PageTitle } from './layout.js';
import { ErrorNotice } from './notice.js';
import { useResource, useThrottled } from './use-resource.js';

export interface Filter {
  readonly name: string;
  readonly label: string;
  /** A select of these values (with "Any"); a text input otherwise. */
  readonly options?: readonly string[];
}

interface RecordsPageProps<T> {
  readonly title: string;
  readonly intro?: string;
  readonly path: string;
  readonly filters: readonly Filter[];
  readonly columns: readonly Column<T>[];
  readonly rowKey: (row: T) => string | number;
  readonly empty: string;
  /** Reloads (at most every 2 s) when a `message` event of one of these actions arrives. */
  readonly liveActions?: readonly string[];
  readonly liveEvents?: readonly LiveEventName[];
}

/** A list route of the API as a page: filters in a form, the answer in a table, reloaded live. */
export function RecordsPage<T>(props: RecordsPageProps<T>) {
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [applied, setApplied] = useState<Record<string, string>>({});
  const [limit, setLimit] = useState(100);
  const records = useResource(
    (api) => api.get<List<T>>(props.path, { ...applied, limit }),
    [props.path, JSON.stringify(applied), limit],
  );
  const reload = useThrottled(records.reload, 2000);
  useLive('message', (event) => {
    if (props.liveActions?.includes(event.action)) reload();
  });
  useLive('statusChanged', () => props.liveEvents?.includes('statusChanged') && reload());
  useLive('transactionStarted', () => props.liveEvents?.includes('transactionStarted') && reload());

  const id = (name: string) => `filter-${name}`;
  const rows = records.data?.items ?? [];
  return (
    <section>
      <PageTitle title={props.title}>{props.title}</PageTitle>
      {props.intro ? <p class="muted">{props.intro}</p> : null}
      <form
        class="toolbar"
        aria-label={`Filter ${props.title.toLowerCase()}`}
        onSubmit={(event) => {
          event.preventDefault();
          setApplied(Object.fromEntries(Object.entries(draft).filter(([, value]) => value.trim() !== '')));
        }}
      >
        {props.filters.map((filter) => (
          <div class="field" key={filter.name}>
            <label for={id(filter.name)}>{filter.label}</label>
            {filter.options ? (
              <select
                id={id(filter.name)}
                value={draft[filter.name] ?? ''}
                onChange={(event) => setDraft({ ...draft, [filter.name]: event.currentTarget.value })}
              >
                <option value="">Any</option>
                {filter.options.map((option) => (
                  <option key={option} value={option}>
                    {option}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={id(filter.name)}
                autoComplete="off"
                value={draft[filter.name] ?? ''}
                onInput={(event) => setDraft({ ...draft, [filter.name]: event.currentTarget.value })}
              />
            )}
          </div>
        ))}
        <button type="submit" class="button button-primary">
          Filter
        </button>
      </form>
      <ErrorNotice error={records.error} />
      <DataTable
        caption={props.title}
        columns={props.columns}
        rows={rows}
        rowKey={props.rowKey}
        empty={records.loading ? 'Loading…' : props.empty}
      />
      {rows.length >= limit ? (
        <button type="button" class="button button-secondary" onClick={() => setLimit(limit + 100)}>
          Show more
        </button>
      ) : null}
    </section>
  );
}
