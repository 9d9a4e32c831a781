// The embedded database's own thread (pglite-client.ts). PGlite runs PostgreSQL compiled to
// WebAssembly synchronously: in the server's thread, every statement stopped the event loop, so
// while one request's statement ran no other request was read, answered or even timed, and the
// server's JavaScript and the database shared one core. Here PostgreSQL has a thread of its own.
//
// The protocol is PostgreSQL's own: the server sends wire-protocol messages as bytes and gets the
// backend's bytes back, both transferred, not copied. Plain JavaScript, because it runs without
// the TypeScript loader under vitest as under tsx.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

/** @type {PGlite | null} */
let pglite = null;

/**
 * The backend's answer to the messages, as bytes of their own. The raw stream, not
 * `execProtocolRaw`, which also parses every message it returns: the server parses them once.
 * @param {Uint8Array} bytes
 * @param {boolean} sync
 * @returns {Promise<Uint8Array>}
 */
async function run(bytes, sync) {
  /** @type {Uint8Array[]} */
  const chunks = [];
  let length = 0;
  await pglite.execProtocolRawStream(bytes, {
    syncToFs: sync,
    onRawData: (chunk) => {
      // A view of the database's memory, which the next statement overwrites.
      chunks.push(chunk.slice());
      length += chunk.length;
    },
  });
  if (chunks.length === 1) return chunks[0];
  const all = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  return all;
}

async function open() {
  const { dataDir, loadDataDir } = workerData;
  pglite = new PGlite({
    ...(dataDir && { dataDir }),
    ...(loadDataDir && { loadDataDir: new Blob([loadDataDir]) }),
  });
  await pglite.waitReady;
}

const opening = open();

/**
 * Messages run one after another, in the order they came, each to its end. While a transaction is
 * open, messages from outside it (`tx` another number) wait, in their order, until it ends: PGlite's
 * own rule, kept here so that the server posts every statement the moment it is asked for, with
 * nothing between its check and its post for a transaction to slip into.
 */
let queue = opening.catch(() => {});
let openTransaction = 0;
/** @type {object[]} */
let held = [];
parentPort.on('message', (message) => {
  queue = queue.then(() => dispatch(message));
});

/** @param {{ tx?: number, begin?: boolean, end?: boolean }} message */
async function dispatch(message) {
  const tx = message.tx ?? 0;
  if (openTransaction !== 0 && tx !== openTransaction) {
    held.push(message);
    return;
  }
  await handle(message);
  if (message.begin) openTransaction = tx;
  if (message.end) {
    openTransaction = 0;
    const waiting = held;
    held = [];
    for (const next of waiting) await dispatch(next);
  }
}

/** @param {{ id: number, op: string, bytes?: Uint8Array, sync?: boolean, compression?: string }} message */
async function handle(message) {
  const { id, op } = message;
  try {
    await opening;
    if (!pglite) throw new Error('the embedded database is closed');
    if (op === 'raw') {
      const bytes = await run(message.bytes, message.sync);
      parentPort.postMessage({ id, bytes }, [bytes.buffer]);
    } else if (op === 'dump') {
      const buffer = await (await pglite.dumpDataDir(message.compression)).arrayBuffer();
      parentPort.postMessage({ id, buffer }, [buffer]);
    } else if (op === 'close') {
      await pglite.close();
      pglite = null;
      parentPort.postMessage({ id });
    } else {
      throw new Error(`unknown operation ${op}`);
    }
  } catch (error) {
    parentPort.postMessage({
      id,
      error: { message: error instanceof Error ? error.message : String(error), stack: error?.stack },
    });
  }
}

// Ready (or failed) once: the client waits for this before its first message.
opening.then(
  () => parentPort.postMessage({ id: 0 }),
  (error) => parentPort.postMessage({ id: 0, error: { message: String(error?.message ?? error) } }),
);
