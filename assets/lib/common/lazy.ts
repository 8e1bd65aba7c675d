// Loads a module on first use. A function that never needs the REST client (or the
// phone-number metadata) never pays for loading it: cold starts stay small.
export function lazy<T>(load: () => T): () => T {
  let loaded: { value: T } | undefined;
  return () => {
    loaded ??= { value: load() };
    return loaded.value;
  };
}
