import { useState } from 'preact/hooks';

/**
 * Cursor paging over the API's `nextCursor`: the cursors of the pages seen are kept, so
 * "Newer" goes back without the API paging backwards.
 */
export function useCursorPages(resetKey: string) {
  const [state, setState] = useState<{ key: string; stack: (string | null)[] }>({
    key: resetKey,
    stack: [null],
  });
  const stack = state.key === resetKey ? state.stack : [null];
  const cursor = stack[stack.length - 1] ?? null;
  return {
    cursor,
    page: stack.length,
    older: (next: string) => setState({ key: resetKey, stack: [...stack, next] }),
    newer: () => setState({ key: resetKey, stack: stack.length > 1 ? stack.slice(0, -1) : stack }),
    first: () => setState({ key: resetKey, stack: [null] }),
  };
}

export function Pager({
  page,
  nextCursor,
  onOlder,
  onNewer,
  label,
}: {
  page: number;
  nextCursor: string | null | undefined;
  onOlder: (cursor: string) => void;
  onNewer: () => void;
  label: string;
}) {
  return (
    <nav class="pager" aria-label={`${label} pages`}>
      <button type="button" class="button button-secondary" disabled={page <= 1} onClick={onNewer}>
        ← Newer
      </button>
      <span>Page {page}</span>
      <button
        type="button"
        class="button button-secondary"
        disabled={!nextCursor}
        onClick={() => nextCursor && onOlder(nextCursor)}
      >
        Older →
      </button>
    </nav>
  );
}
