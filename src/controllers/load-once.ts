/**
 * The one way the elements load what a first paint does not need: `loadOnce(() => import(...))`
 * runs the import on the first call and shares its promise; after a failure the next call
 * retries.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => {
    if (!promise) {
      const loading = load();
      promise = loading;
      loading.catch(() => {
        if (promise === loading) promise = undefined;
      });
    }
    return promise;
  };
}
