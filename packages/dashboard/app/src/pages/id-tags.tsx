import { useState } from 'preact/hooks';
import { segment } from '../api/api-client.js';
import type { IdTagRecord, Page } from '../api/api-types.js';
import { ActionButton } from '../components/action-button.js';
import { DataTable } from '../components/data-table.js';
import { isoToLocalInput, localInputToIso } from '../components/format.js';
import { PageTitle } from '../components/layout.js';
import { ErrorNotice } from '../components/notice.js';
import { Pager, useCursorPages } from '../components/pager.js';
import { StatusBadge } from '../components/status-badge.js';
import { Time } from '../components/time.js';
import { useResource } from '../components/use-resource.js';
import { readOnly, useApi } from '../session/session.js';

const STATUSES = ['Accepted', 'Blocked', 'Expired', 'Invalid'] as const;

interface TagFields {
  idTag: string;
  expiry: string;
  parent: string;
  note: string;
}
const EMPTY: TagFields = { idTag: '', expiry: '', parent: '', note: '' };

/** Expiry, parent and note of one tag, changed in place (`PATCH /api/id-tags/{idTag}`). */
function EditTag({ tag, onSaved }: { tag: IdTagRecord; onSaved: () => void }) {
  const api = useApi();
  const [fields, setFields] = useState<TagFields>({
    idTag: tag.idTag,
    expiry: isoToLocalInput(tag.expiryDate),
    parent: tag.parentIdTag ?? '',
    note: tag.note ?? '',
  });
  const [error, setError] = useState<unknown>(undefined);
  const id = `edit-${tag.idTag}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const save = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    try {
      await api.patch(`/api/id-tags/${segment(tag.idTag)}`, {
        expiryDate: localInputToIso(fields.expiry) ?? null,
        parentIdTag: fields.parent.trim() || null,
        note: fields.note.trim() || null,
      });
      onSaved();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <details class="edit-tag">
      <summary>Edit</summary>
      <form onSubmit={save} class="stack">
        <div class="field">
          <label for={`${id}-expiry`}>Expiry (empty: never)</label>
          <input
            id={`${id}-expiry`}
            type="datetime-local"
            value={fields.expiry}
            onInput={(event) => setFields({ ...fields, expiry: event.currentTarget.value })}
          />
        </div>
        <div class="field">
          <label for={`${id}-parent`}>Parent id tag</label>
          <input
            id={`${id}-parent`}
            maxLength={20}
            value={fields.parent}
            onInput={(event) => setFields({ ...fields, parent: event.currentTarget.value })}
          />
        </div>
        <div class="field">
          <label for={`${id}-note`}>Note</label>
          <input
            id={`${id}-note`}
            value={fields.note}
            onInput={(event) => setFields({ ...fields, note: event.currentTarget.value })}
          />
        </div>
        <button type="submit" class="button button-primary" disabled={readOnly.value}>
          Save {tag.idTag}
        </button>
        <ErrorNotice error={error} />
      </form>
    </details>
  );
}

/** The id-tag store: list and page, add, block and unblock, expiry and parent, remove. */
export function IdTagsPage() {
  const api = useApi();
  const [status, setStatus] = useState('');
  const pages = useCursorPages(status);
  const tags = useResource(
    (client) => client.get<Page<IdTagRecord>>('/api/id-tags', { status, limit: 50, cursor: pages.cursor }),
    [status, pages.cursor],
  );
  const [fields, setFields] = useState<TagFields>(EMPTY);
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState<string | null>(null);

  const add = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    setDone(null);
    const idTag = fields.idTag.trim();
    try {
      await api.post('/api/id-tags', {
        idTag,
        ...(fields.expiry ? { expiryDate: localInputToIso(fields.expiry) } : {}),
        ...(fields.parent.trim() ? { parentIdTag: fields.parent.trim() } : {}),
        ...(fields.note.trim() ? { note: fields.note.trim() } : {}),
      });
      setFields(EMPTY);
      setDone(`Added ${idTag}.`);
      tags.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  const setStatusOf = (tag: IdTagRecord, next: 'Accepted' | 'Blocked') => async () => {
    setError(undefined);
    await api.patch(`/api/id-tags/${segment(tag.idTag)}`, { status: next });
    setDone(`${tag.idTag} is ${next === 'Blocked' ? 'blocked' : 'accepted again'}.`);
    tags.reload();
  };

  return (
    <section>
      <PageTitle title="Id tags">Id tags</PageTitle>
      <p class="muted">
        These decide Authorize and StartTransaction under <code>--auth-policy id-tags</code>.
      </p>
      <form class="toolbar" onSubmit={add} aria-label="Add an id tag">
        <div class="field">
          <label for="tag-new">Id tag</label>
          <input
            id="tag-new"
            required
            maxLength={20}
            autoComplete="off"
            value={fields.idTag}
            onInput={(event) => setFields({ ...fields, idTag: event.currentTarget.value })}
          />
        </div>
        <div class="field">
          <label for="tag-new-expiry">Expiry</label>
          <input
            id="tag-new-expiry"
            type="datetime-local"
            value={fields.expiry}
            onInput={(event) => setFields({ ...fields, expiry: event.currentTarget.value })}
          />
        </div>
        <div class="field">
          <label for="tag-new-parent">Parent id tag</label>
          <input
            id="tag-new-parent"
            maxLength={20}
            value={fields.parent}
            onInput={(event) => setFields({ ...fields, parent: event.currentTarget.value })}
          />
        </div>
        <div class="field">
          <label for="tag-new-note">Note</label>
          <input
            id="tag-new-note"
            value={fields.note}
            onInput={(event) => setFields({ ...fields, note: event.currentTarget.value })}
          />
        </div>
        <button type="submit" class="button button-primary" disabled={readOnly.value}>
          Add id tag
        </button>
      </form>
      <ErrorNotice error={error ?? tags.error} />
      {done ? (
        <p class="notice notice-info" role="status">
          {done}
        </p>
      ) : null}
      <div class="toolbar">
        <div class="field">
          <label for="tag-status">Show</label>
          <select id="tag-status" value={status} onChange={(event) => setStatus(event.currentTarget.value)}>
            <option value="">Every status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
      </div>
      <DataTable
        caption="Id tags, by tag"
        rows={tags.data?.items ?? []}
        rowKey={(tag) => tag.idTag}
        rowTestId={(tag) => tag.idTag}
        empty={tags.loading ? 'Loading…' : 'No id tag.'}
        columns={[
          { key: 'tag', label: 'Id tag', render: (tag) => <code>{tag.idTag}</code> },
          { key: 'status', label: 'Status', render: (tag) => <StatusBadge status={tag.status} /> },
          { key: 'expiry', label: 'Expires', render: (tag) => <Time iso={tag.expiryDate} /> },
          { key: 'parent', label: 'Parent', render: (tag) => tag.parentIdTag ?? '—' },
          { key: 'note', label: 'Note', render: (tag) => tag.note ?? '' },
          {
            key: 'actions',
            label: 'Actions',
            render: (tag) => (
              <span class="button-row">
                {tag.status === 'Blocked' ? (
                  <ActionButton
                    label={`Unblock ${tag.idTag}`}
                    action={setStatusOf(tag, 'Accepted')}
                    onError={setError}
                  >
                    Unblock
                  </ActionButton>
                ) : (
                  <ActionButton
                    kind="danger"
                    label={`Block ${tag.idTag}`}
                    action={setStatusOf(tag, 'Blocked')}
                    onError={setError}
                  >
                    Block
                  </ActionButton>
                )}
                <ActionButton
                  kind="danger"
                  label={`Remove ${tag.idTag}`}
                  confirm={`Remove ${tag.idTag} from the id-tag store?`}
                  action={async () => {
                    await api.delete(`/api/id-tags/${segment(tag.idTag)}`);
                    tags.reload();
                  }}
                  onError={setError}
                >
                  Remove
                </ActionButton>
                <EditTag tag={tag} onSaved={tags.reload} />
              </span>
            ),
          },
        ]}
      />
      <Pager
        label="Id tags"
        page={pages.page}
        nextCursor={tags.data?.nextCursor}
        onOlder={pages.older}
        onNewer={pages.newer}
      />
    </section>
  );
}
