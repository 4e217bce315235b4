/**
 * Thrown by a job handler when retrying cannot help (the payload refers to something that no
 * longer exists, a provider answered with a non-retryable error): the job is dead-lettered at once.
 */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentJobError";
  }
}
