// Vitest stand-in for the "server-only" package, which throws outside React Server Components.
export {};
