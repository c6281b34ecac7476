/**
 * One job at a time: each job starts when the one before it has settled, and a
 * failed job does not block the next (its caller still gets the rejection). Used
 * wherever two quick calls must not interleave a read and a write (issuing the next
 * ticket number, updating the config file, counting PIN attempts, printing).
 * Runtime-free, so the device's main process and its renderer share it.
 */

/** Runs a job after every job handed to this queue before it. */
export type SerialQueue = <T>(job: () => Promise<T> | T) => Promise<T>;

/** A new, empty queue. */
export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return (job) => {
    const run = tail.then(job);
    tail = run.catch(() => undefined);
    return run;
  };
}
