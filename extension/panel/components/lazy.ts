/**
 * A component whose code comes with `import()`, after the panel's first view (issue #16): the
 * panel's first load is one script, and what it does not show at first (a conversation, the
 * inbox, dialogs) is a chunk of its own. It renders nothing until its code is there; `load()`
 * fetches it ahead (panel-views.ts does once the room's history is painted), after which it
 * renders at once, as a static import would.
 */
import { h, type ComponentType, type FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export interface LazyComponent<P> extends FunctionComponent<P> {
  load(): Promise<unknown>;
}

export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>): LazyComponent<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const start = (): Promise<ComponentType<P>> =>
    (loading ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        loading = null; // an update of the extension under an open panel: a later render tries again
        throw error;
      },
    ));
  function Lazy(props: P) {
    const [, setReady] = useState(false);
    useEffect(() => {
      if (!loaded)
        start().then(
          () => setReady(true),
          () => undefined,
        );
    }, []);
    return loaded ? h(loaded as ComponentType<object>, props) : null;
  }
  return Object.assign(Lazy, { load: start });
}
