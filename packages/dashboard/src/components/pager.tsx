interface Props {
  page: number;
  pages: number;
  total: number;
  onPage: (page: number) => void;
}

export function Pager({ page, pages, total, onPage }: Props) {
  return (
    <nav class="pager" aria-label="Pages of accounts">
      <button type="button" disabled={page === 0} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <span aria-live="polite">
        Page {page + 1} of {Math.max(1, pages)} · {total} {total === 1 ? 'account' : 'accounts'}
      </span>
      <button type="button" disabled={page >= pages - 1} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </nav>
  );
}
