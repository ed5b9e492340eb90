/** What {@link onBeforeExit} calls when the process is about to exit on its own. */
export interface ExitFlusher {
  /** Sends what is held; its sockets and timers may keep the loop alive until they are done. */
  flush(): Promise<void> | void;
  /**
   * True while there is something to send. Node fires `beforeExit` again each time the loop
   * empties after more work was scheduled (our own flush schedules some), so a flusher with
   * nothing new pending is skipped and the process exits. Without it, the flusher runs once.
   */
  hasPending?(): boolean;
}

interface Registration {
  readonly flusher: ExitFlusher;
  running: boolean;
  ranOnce: boolean;
}

const registrations = new Set<Registration>();

/**
 * Runs every registered flusher that has something to send. One process listener serves every
 * backend (so many backends never trip `MaxListenersExceededWarning`); a listener does not keep
 * the process alive, and it is removed when the last flusher unregisters.
 */
function onBeforeExitEvent(): void {
  for (const registration of registrations) {
    if (registration.running) continue;
    const { flusher } = registration;
    const pending = flusher.hasPending === undefined ? !registration.ranOnce : flusher.hasPending();
    if (!pending) continue;
    registration.running = true;
    registration.ranOnce = true;
    let result: Promise<void> | void;
    try {
      result = flusher.flush();
    } catch {
      result = undefined;
    }
    const done = () => {
      registration.running = false;
    };
    if (result === undefined) done();
    else result.then(done, done);
  }
}

/**
 * Flushes on `beforeExit`: when a process ends on its own (its event loop empties), what a
 * backend holds is sent first. `beforeExit` does not fire on `process.exit()` or on a signal
 * without a handler; the transport READMEs show SIGINT/SIGTERM handlers that `await close()`.
 * Returns the function that unregisters (call it from `close()`).
 *
 * @example
 * ```ts
 * const unregister = onBeforeExit({ flush: () => backend.flush(), hasPending: () => held > 0 });
 * // later, in close():
 * unregister();
 * ```
 */
export function onBeforeExit(flusher: ExitFlusher): () => void {
  const registration: Registration = { flusher, running: false, ranOnce: false };
  if (registrations.size === 0) process.on("beforeExit", onBeforeExitEvent);
  registrations.add(registration);
  return () => {
    if (!registrations.delete(registration)) return;
    if (registrations.size === 0) process.off("beforeExit", onBeforeExitEvent);
  };
}
