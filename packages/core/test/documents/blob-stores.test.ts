import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileBlobStore, createMemoryBlobStore, type BlobStore } from '../../src/index.js';
import { bytes, chunks } from './fixture.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'casekit-blobs-'));
  dirs.push(dir);
  return dir;
}
/** Every file under `dir`, relative, `/`-separated. */
function files(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => e.isFile())
    .map((e) => join((e as { parentPath?: string; path?: string }).parentPath ?? e.path ?? '', e.name).slice(dir.length + 1).replaceAll('\\', '/'))
    .sort();
}

const STORES: [string, () => BlobStore][] = [
  ['file', () => createFileBlobStore(tempDir())],
  ['memory', () => createMemoryBlobStore()],
];

describe.each(STORES)('BlobStore: %s', (_name, make) => {
  it('put returns a fresh key, the size and the SHA-256; get streams the content back; delete is idempotent', async () => {
    const blobs = make();
    const content = Buffer.from('hello, case file');
    const a = await blobs.put(content, { maxBytes: 1000 });
    const b = await blobs.put(content, { maxBytes: 1000, prefix: 'abc123' });
    expect(a.key).not.toBe(b.key);
    expect(b.key.startsWith('abc123/')).toBe(true);
    expect(a).toMatchObject({ size: content.length, sha256: createHash('sha256').update(content).digest('hex') });
    expect((await bytes(await blobs.get(b.key))).equals(content)).toBe(true);
    await blobs.delete(b.key);
    await blobs.delete(b.key);
    await expect(blobs.get(b.key)).rejects.toMatchObject({ code: 'BlobNotFound' });
    expect((await bytes(await blobs.get(a.key))).equals(content)).toBe(true);
  });

  it('streams: counted and hashed as they come; refused past maxBytes', async () => {
    const blobs = make();
    const ok = await blobs.put(chunks(3, 100), { maxBytes: 300 });
    expect(ok.size).toBe(300);
    await expect(blobs.put(chunks(4, 100), { maxBytes: 300 })).rejects.toMatchObject({ code: 'DocumentTooLarge', maxBytes: 300 });
    await expect(blobs.put(Buffer.alloc(0), { maxBytes: 0 })).resolves.toMatchObject({ size: 0 });
  });

  it.each(['../x', '../../etc/passwd', '/etc/passwd', 'a/../../b', 'a\\..\\b', 'C:/x', '.tmp/x', 'a//b', '', '%2e%2e/x', 'a/b/c/d/e', 'A'])('a key not of the store (%j) is refused for get and delete', async (key) => {
    const blobs = make();
    await expect(blobs.get(key)).rejects.toMatchObject({ code: 'InvalidBlobKey' });
    await expect(blobs.delete(key)).rejects.toMatchObject({ code: 'InvalidBlobKey' });
  });

  it.each(['..', 'a/b', 'A', '', '../x'])('a prefix not of one safe segment (%j) is refused', async (prefix) => {
    await expect(make().put(Buffer.from('x'), { maxBytes: 10, prefix })).rejects.toMatchObject({ code: 'InvalidBlobKey' });
  });
});

describe('createFileBlobStore', () => {
  it('writes through a temporary file and a rename: nothing is left of a refused or failed write', async () => {
    const dir = tempDir();
    const blobs = createFileBlobStore(dir);
    const { key } = await blobs.put(Buffer.from('kept'), { maxBytes: 10, prefix: 'p1' });
    await expect(blobs.put(chunks(5, 5), { maxBytes: 10, prefix: 'p1' })).rejects.toMatchObject({ code: 'DocumentTooLarge' });
    async function* broken(): AsyncIterable<Uint8Array> {
      yield Buffer.from('part');
      throw new Error('client went away');
    }
    await expect(blobs.put(broken(), { maxBytes: 10 })).rejects.toThrow('client went away');
    expect(files(dir)).toEqual([key]);
    expect(readFileSync(join(dir, ...key.split('/')), 'utf8')).toBe('kept');
  });

  it('keys are random, never the name or the content: the same content twice is two blobs', async () => {
    const dir = tempDir();
    const blobs = createFileBlobStore(dir);
    const a = await blobs.put(Buffer.from('same'), { maxBytes: 10 });
    const b = await blobs.put(Buffer.from('same'), { maxBytes: 10 });
    expect(a.key).toMatch(/^[0-9a-f]{32}$/);
    expect(a.key).not.toBe(b.key);
    await blobs.delete(a.key);
    expect((await bytes(await blobs.get(b.key))).toString()).toBe('same');
  });

  it.skipIf(process.platform === 'win32')('does not follow a symbolic link planted under its directory', async () => {
    const dir = tempDir();
    const outside = join(tempDir(), 'secret.txt');
    writeFileSync(outside, 'outside the blob directory');
    mkdirSync(join(dir, 'p1'));
    symlinkSync(outside, join(dir, 'p1', 'planted'));
    const blobs = createFileBlobStore(dir);
    await expect(blobs.get('p1/planted')).rejects.toMatchObject({ code: 'BlobNotFound' });
    expect(existsSync(outside)).toBe(true);
  });

  it('creates its directory at the first write, not before', async () => {
    const dir = join(tempDir(), 'later');
    const blobs = createFileBlobStore(dir);
    expect(existsSync(dir)).toBe(false);
    await blobs.put(Buffer.from('x'), { maxBytes: 1 });
    expect(existsSync(dir)).toBe(true);
  });
});
