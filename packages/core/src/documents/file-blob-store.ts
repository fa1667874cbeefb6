/**
 * The default blob store: files under one directory. Keys are random (never derived from a
 * document's name), so a name cannot steer a write, and deleting one document's blob never removes
 * another's; a key is checked against {@link BLOB_KEY} and its path against the directory before
 * any file is opened, and files are opened without following symbolic links. Writes go to a
 * temporary file in the same directory tree, are flushed, then renamed into place: a reader sees
 * a whole blob or none.
 */
import { randomBytes } from 'node:crypto';
import { constants, type ReadStream } from 'node:fs';
import { mkdir, open, rename, rm, unlink, type FileHandle } from 'node:fs/promises';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { BLOB_KEY, checkBlobKey, checkBlobPrefix, consume, type BlobStore } from './blob-store.js';
import { BlobNotFoundError, InvalidBlobKeyError } from './errors.js';

const TMP = '.tmp';

/**
 * A blob store keeping each blob as a file under `dir` (created when first written).
 *
 * @example
 * const engine = createEngine({ store, documents: { blobStore: createFileBlobStore('/var/lib/app/blobs') } });
 */
export function createFileBlobStore(dir: string): BlobStore {
  if (typeof dir !== 'string' || dir === '') throw new InvalidBlobKeyError(String(dir), 'a blob directory is a non-empty path');
  const root = resolve(dir);
  const pathOf = (key: string): string => {
    checkBlobKey(key);
    const path = resolve(root, ...key.split('/'));
    // BLOB_KEY already excludes '..', separators and absolute paths; this is the second lock.
    if (!path.startsWith(root + sep) || isAbsolute(key)) throw new InvalidBlobKeyError(key, 'outside the blob directory');
    return path;
  };
  return {
    async put(content, options) {
      checkBlobPrefix(options.prefix);
      const id = randomBytes(16).toString('hex');
      const key = options.prefix === undefined ? id : `${options.prefix}/${id}`;
      if (!BLOB_KEY.test(key)) throw new InvalidBlobKeyError(key, 'not a key of this store');
      const target = pathOf(key);
      await mkdir(join(root, TMP), { recursive: true });
      const temp = join(root, TMP, `${id}.part`);
      let handle: FileHandle | undefined = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      try {
        const stored = await consume(content, options.maxBytes, async (chunk) => void (await handle!.write(chunk)));
        await handle.sync();
        await handle.close();
        handle = undefined;
        await mkdir(resolve(target, '..'), { recursive: true });
        await rename(temp, target);
        return { key, ...stored };
      } catch (error) {
        await handle?.close().catch(() => undefined);
        await rm(temp, { force: true });
        throw error;
      }
    },
    async get(key) {
      const path = pathOf(key);
      let handle: FileHandle;
      try {
        handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
      } catch (error) {
        if (isCode(error, 'ENOENT') || isCode(error, 'ELOOP') || isCode(error, 'ENOTDIR')) throw new BlobNotFoundError(key);
        throw error;
      }
      return handle.createReadStream() as ReadStream;
    },
    async delete(key) {
      const path = pathOf(key);
      try {
        await unlink(path);
      } catch (error) {
        if (!isCode(error, 'ENOENT')) throw error;
      }
    },
  };
}

function isCode(error: unknown, code: string): boolean {
  return (error as { code?: unknown } | null)?.code === code;
}
