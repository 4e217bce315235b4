import { RefreshCw } from "lucide-react";
import type { ReactNode } from "react";
import { errorMessage } from "@/components/shell/api-fetch";
import { Alert } from "./alert";
import { Button } from "./button";
import { EmptyState, type EmptyStateProps } from "./empty-state";
import { Spinner } from "./spinner";

/** A centred spinner for the first load of a list or a record. */
export function LoadingRows({ label }: { label: string }) {
  return (
    <div className="flex justify-center py-12">
      <Spinner label={label} />
    </div>
  );
}

export interface LoadErrorProps {
  error: unknown;
  onRetry: () => void;
  /** First line of the box; the error's own message follows it. */
  title?: string;
  /** Wraps the box in padding, as a list inside a Card needs. */
  inset?: boolean;
}

export function LoadError({
  error,
  onRetry,
  title = "Could not load this list.",
  inset = false,
}: LoadErrorProps) {
  const alert = (
    <Alert>
      <p className="font-medium">{title}</p>
      <p className="mt-0.5">{errorMessage(error)}</p>
      <Button variant="secondary" size="sm" className="mt-3" onClick={onRetry}>
        <RefreshCw aria-hidden className="size-3.5" />
        Try again
      </Button>
    </Alert>
  );
  return inset ? <div className="p-5">{alert}</div> : alert;
}

/**
 * What QueryView reads of a TanStack Query result (`useQuery` or `useInfiniteQuery`): the same union
 * TanStack returns, so `data` is known to be there once the query is neither pending nor failed.
 */
export type QueryViewQuery<T> =
  | { isPending: true; isError: false; error: unknown; data: undefined; refetch: () => unknown }
  | { isPending: false; isError: true; error: unknown; data: T | undefined; refetch: () => unknown }
  | { isPending: false; isError: false; error: unknown; data: T; refetch: () => unknown };

export interface QueryViewProps<T> {
  query: QueryViewQuery<T>;
  /** Spinner text during the first load, e.g. "Loading users…". */
  loadingLabel: string;
  /** First line of the error box (default "Could not load this list."). */
  errorTitle?: string;
  /** True when the loaded data has nothing to show; `empty` is shown instead of the children. */
  isEmpty: (data: T) => boolean;
  empty: EmptyStateProps;
  /** The view sits inside a Card: pad the error and empty states away from its edges. */
  inset?: boolean;
  children: (data: T) => ReactNode;
}

/**
 * Loading, error (with "Try again"), empty, or the data: the four states of a list screen.
 * A failed refetch shows the error even when older data is cached, as the screens did before.
 */
export function QueryView<T>({
  query,
  loadingLabel,
  errorTitle,
  isEmpty,
  empty,
  inset = false,
  children,
}: QueryViewProps<T>) {
  if (query.isPending) return <LoadingRows label={loadingLabel} />;
  if (query.isError) {
    return (
      <LoadError title={errorTitle} error={query.error} onRetry={() => void query.refetch()} inset={inset} />
    );
  }
  if (isEmpty(query.data)) {
    return inset ? (
      <div className="p-5">
        <EmptyState {...empty} />
      </div>
    ) : (
      <EmptyState {...empty} />
    );
  }
  return children(query.data);
}
