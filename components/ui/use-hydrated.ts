"use client";

import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * False in the server HTML and during hydration, true once React owns the page. Controls whose
 * work is done by a click handler stay disabled until then: a click on server HTML does nothing
 * (a button) or submits the form natively (a form), e.g. a sign-in form as GET with the password
 * in the URL and without the callback.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
