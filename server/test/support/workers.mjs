/**
 * Store processes for the cross-process tests: each runs support/store-worker.mjs on the
 * PostgreSQL at `url`, driven over IPC. `call(op, args)` resolves to the op's value, or rejects
 * with an Error carrying the ContactsError's code and details; `changes` collects what a
 * `changes` subscription sends.
 */
import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export function spawnWorker(url) {
  const child = fork(join(here, 'store-worker.mjs'), [url], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map();
  const changes = [];
  let seq = 0;
  let ready;
  const started = new Promise((resolve, reject) => {
    ready = resolve;
    child.once('error', reject);
    child.once('exit', code => reject(new Error(`store worker exited with ${code}`)));
  });
  child.on('message', message => {
    if (message.ready) ready();
    else if (message.change) changes.push(message.change);
    else {
      pending.get(message.seq)?.(message);
      pending.delete(message.seq);
    }
  });
  return {
    child,
    changes,
    started,
    call(op, args) {
      const id = ++seq;
      return new Promise((resolve, reject) => {
        pending.set(id, message =>
          message.ok
            ? resolve(message.value)
            : reject(Object.assign(new Error(message.error.message), message.error)),
        );
        child.send({ seq: id, op, ...args });
      });
    },
  };
}

/** Disconnects the workers and waits until they have exited. */
export async function stopWorkers(workers) {
  for (const worker of workers) worker.child.disconnect();
  await Promise.all(
    workers.map(w =>
      w.child.exitCode === null ? new Promise(r => w.child.once('exit', r)) : null,
    ),
  );
}
