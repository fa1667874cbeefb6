/**
 * Where document content lives: a small adapter interface, so that the file system store
 * ({@link createFileBlobStore}) can give way to an S3-compatible one (docs/documents.md). The case
 * file keeps only what a blob store returns (key, size, SHA-256); the engine writes a blob before
 * the command that records it, and never inside a step.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { InvalidInputError } from '../errors.js';
import { BlobNotFoundError, DocumentTooLargeError, InvalidBlobKeyError } from './errors.js';

/** Content to store: bytes at once, or a stream of them (a Node `Readable`, a web `ReadableStream`, any async iterable of `Uint8Array`). */
export type BlobContent = Uint8Array | AsyncIterable<Uint8Array>;

/** Options of {@link BlobStore.put}. */
export interface BlobPutOptions {
  /** Refuse content longer than this many bytes (`DocumentTooLargeError`), keeping nothing of it. */
  readonly maxBytes: number;
  /**
   * The key must begin with `prefix` and a `/` (the engine passes one per case file item, a hex
   * string, and checks it on every read and delete). Without it the store picks the whole key.
   */
  readonly prefix?: string;
}

/** What a blob store kept. */
export interface StoredBlob {
  /** Opaque to the engine; never derived from the document's name. */
  readonly key: string;
  /** Bytes. */
  readonly size: number;
  /** SHA-256 of the content, lowercase hex. */
  readonly sha256: string;
}

/**
 * A store of immutable blobs. Implementations must: write atomically (a `get` never sees part of a
 * blob: write elsewhere, then publish under the key); count and hash while writing and refuse past
 * `maxBytes` with {@link DocumentTooLargeError}, leaving nothing behind; give every `put` a fresh
 * key (so that deleting one document's blob never removes another's); refuse keys not of their
 * own form with {@link InvalidBlobKeyError} (never resolving one outside their storage); reject
 * `get` of a missing key with {@link BlobNotFoundError}; make `delete` idempotent.
 *
 * @example
 * const blobs: BlobStore = createFileBlobStore('/var/lib/app/blobs');
 * const { key, size, sha256 } = await blobs.put(Buffer.from('hello'), { maxBytes: 1024 });
 * for await (const chunk of await blobs.get(key)) process.stdout.write(chunk);
 * await blobs.delete(key);
 */
export interface BlobStore {
  put(content: BlobContent, options: BlobPutOptions): Promise<StoredBlob>;
  get(key: string): Promise<Readable>;
  delete(key: string): Promise<void>;
}

/**
 * Keys as casekit's own stores make them: one to four segments of lowercase letters, digits, `-` and `_`.
 *
 * @example
 * BLOB_KEY.test('3f9c0d/a41f'); // true
 * BLOB_KEY.test('../etc/passwd'); // false
 */
export const BLOB_KEY = /^[a-z0-9_-]{1,64}(?:\/[a-z0-9_-]{1,64}){0,3}$/;

/** Checks a key against {@link BLOB_KEY} (`InvalidBlobKeyError`): no `..`, no absolute path, no backslash, no NUL. @example checkBlobKey(key); */
export function checkBlobKey(key: unknown): string {
  if (typeof key !== 'string' || !BLOB_KEY.test(key)) throw new InvalidBlobKeyError(String(key), 'not a key of this store');
  return key;
}

/** Checks a key prefix the same way (one segment). @example checkBlobPrefix(options.prefix); */
export function checkBlobPrefix(prefix: string | undefined): void {
  if (prefix !== undefined && !/^[a-z0-9_-]{1,64}$/.test(prefix)) throw new InvalidBlobKeyError(prefix, 'a prefix is one segment of a-z, 0-9, - and _');
}

/**
 * Reads content chunk by chunk, counting and hashing it, refusing past `maxBytes`: the loop every
 * store runs over what it is given. `sink` receives each chunk.
 *
 * @example
 * const { size, sha256 } = await consume(content, options.maxBytes, (chunk) => file.write(chunk));
 */
export async function consume(content: BlobContent, maxBytes: number, sink: (chunk: Uint8Array) => void | Promise<void>): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  const take = async (chunk: unknown): Promise<void> => {
    if (!(chunk instanceof Uint8Array)) throw new InvalidInputError('content', `a chunk of content must be bytes (Uint8Array), got ${typeof chunk}`);
    size += chunk.byteLength;
    if (size > maxBytes) throw new DocumentTooLargeError(maxBytes);
    hash.update(chunk);
    await sink(chunk);
  };
  if (content instanceof Uint8Array) await take(content);
  else if (content !== null && typeof content === 'object' && Symbol.asyncIterator in content) for await (const chunk of content) await take(chunk);
  else throw new InvalidInputError('content', 'expected bytes (Uint8Array, Buffer) or a stream of them');
  return { size, sha256: hash.digest('hex') };
}

/**
 * A blob store in memory: for tests and engines whose cases live in memory too.
 *
 * @example
 * const engine = createEngine({ documents: { blobStore: createMemoryBlobStore() } });
 */
export function createMemoryBlobStore(): BlobStore & { readonly size: number; keys(): string[] } {
  const blobs = new Map<string, Buffer>();
  let n = 0;
  return {
    get size() {
      return blobs.size;
    },
    keys: () => [...blobs.keys()],
    async put(content, options) {
      checkBlobPrefix(options.prefix);
      const chunks: Uint8Array[] = [];
      const { size, sha256 } = await consume(content, options.maxBytes, (chunk) => void chunks.push(Uint8Array.prototype.slice.call(chunk)));
      const id = `m${(++n).toString(36)}`;
      const key = options.prefix === undefined ? id : `${options.prefix}/${id}`;
      blobs.set(key, Buffer.concat(chunks));
      return { key, size, sha256 };
    },
    async get(key) {
      const blob = blobs.get(checkBlobKey(key));
      if (blob === undefined) throw new BlobNotFoundError(key);
      return Readable.from([blob]);
    },
    async delete(key) {
      blobs.delete(checkBlobKey(key));
    },
  };
}
