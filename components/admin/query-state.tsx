import { RefreshCw } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage } from "@/components/shell/api-fetch";

/** Loading and error states shared by the admin lists. */
export function LoadingRows({ label }: { label: string }) {
  return (
    <div className="flex justify-center py-12">
      <Spinner label={label} />
    </div>
  );
}

export function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  return (
    <div className="p-5">
      <Alert>
        <p className="font-medium">Could not load this list.</p>
        <p className="mt-0.5">{errorMessage(error)}</p>
        <Button variant="secondary" size="sm" className="mt-3" onClick={onRetry}>
          <RefreshCw aria-hidden className="size-3.5" />
          Try again
        </Button>
      </Alert>
    </div>
  );
}
