/**
 * The shell's side of documents (docs/documents.md): inputs are checked, the command is tried
 * against the current state without its content (a dry run of the pure step), the content is
 * written to the blob store, and only then is the command run — the step never does I/O and never
 * sees content. A command refused after the blob was written (a concurrent change, a conflict
 * that re-checks differently) deletes that blob before the error reaches the caller; blobs of a
 * removed document are deleted after the removal is saved. Reads check each blob against the
 * size and SHA-256 the case file recorded.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { pipeline, Transform, type Readable } from 'node:stream';
import { createMemoryBlobStore, type BlobContent, type BlobStore } from '../../documents/blob-store.js';
import {
  acceptContentType,
  acceptDocumentName,
  blobKeysOf,
  DOCUMENT_LIMITS,
  isDocumentValue,
  isFolderValue,
  versionOf,
  type DocumentLimits,
  type DocumentValue,
  type DocumentVersion,
  type UploadedContent,
} from '../../documents/document-values.js';
import { DocumentIntegrityError, DocumentNotFoundError, DocumentTooLargeError, InvalidBlobKeyError } from '../../documents/errors.js';
import { createFileBlobStore } from '../../documents/file-blob-store.js';
import { InvalidInputError } from '../../errors.js';
import type { StoredCase } from '../../store/case-store.js';
import type { Command, DocumentChange } from '../commands.js';
import type { CompiledCase } from '../compile/compiled-case.js';
import { documentItemKind } from '../documents.js';
import { acceptCaseId, acceptName, acceptUser } from '../gate.js';
import type { StepContext } from '../kernel/step-run.js';
import { step } from '../step.js';
import type { CaseInstanceState, JsonValue, TransitionRecord, User } from '../state.js';
import type { ErrorContext } from './effects.js';

/** Documents options of the engine (`EngineOptions.documents`): where content lives, and its limits. */
export interface DocumentOptions extends DocumentLimits {
  /**
   * Where document content lives. Default: `createFileBlobStore('.casekit/blobs')` under the
   * working directory, created at the first attach; `'memory'` keeps content in this process.
   */
  readonly blobStore?: BlobStore | 'memory';
}

/** A document as a caller hands it over. */
export interface DocumentInput {
  /** Its file name (checked: no path separators, control characters or `..`; at most 255 characters). */
  readonly name: string;
  /** Its media type, which must be allowed (`documents.contentTypes`). */
  readonly contentType: string;
  /** The bytes, or a stream of them (at most `documents.maxBytes`). */
  readonly content: BlobContent;
}

/** Where a document command leaves the document: the version recorded. */
export interface DocumentCommandResult {
  readonly document: DocumentVersion;
}

/** A document read back: the version's metadata, and its content as a stream checked against them. */
export interface DocumentRead {
  readonly document: DocumentVersion;
  readonly content: Readable;
}

/** Options of `readDocument`. */
export interface ReadDocumentOptions {
  /** In a folder item: the document's name. */
  readonly name?: string;
  /** An earlier version (default: the current one). */
  readonly version?: number;
}

/** What a command run returns (the engine's `CommandResult`). */
export interface Ran {
  readonly transitions: readonly TransitionRecord[];
}

/** What the engine gives this module. */
export interface DocumentShell<R extends Ran> {
  /** Runs a user command (load, step, save, effects). */
  run(caseId: string, build: (state: CaseInstanceState, compiled: CompiledCase) => Command): Promise<R>;
  load(caseId: string): Promise<StoredCase>;
  compiledFor(state: CaseInstanceState): Promise<CompiledCase>;
  context(): StepContext;
  onError(error: unknown, context: ErrorContext): void;
}

const NO_BLOB: Omit<UploadedContent, 'name' | 'contentType'> = { blobKey: 'pending', size: 0, sha256: '0'.repeat(64) };

/** Document commands and reads for one engine. */
export class DocumentService<R extends Ran> {
  readonly #limits: Required<DocumentLimits>;
  readonly #option: DocumentOptions['blobStore'];
  #blobs: BlobStore | undefined;

  constructor(
    options: DocumentOptions | undefined,
    private readonly shell: DocumentShell<R>,
  ) {
    this.#option = options?.blobStore;
    const maxBytes = options?.maxBytes ?? DOCUMENT_LIMITS.maxBytes;
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new InvalidInputError('documents.maxBytes', 'a number of bytes (a non-negative integer)');
    this.#limits = {
      maxBytes,
      contentTypes: [...(options?.contentTypes ?? DOCUMENT_LIMITS.contentTypes)],
      maxNameLength: options?.maxNameLength ?? DOCUMENT_LIMITS.maxNameLength,
    };
  }

  /** The blob store (the default one is made when first needed). */
  get blobs(): BlobStore {
    if (this.#blobs === undefined) {
      const option = this.#option;
      this.#blobs = option === 'memory' ? createMemoryBlobStore() : (option ?? createFileBlobStore(resolve('.casekit', 'blobs')));
    }
    return this.#blobs;
  }

  /** attachDocument and replaceDocument: check, dry-run, write the blob, run the command (or delete the blob). */
  async put(change: 'attachDocument' | 'replaceDocument', caseId: string, item: string, input: DocumentInput, options: { readonly user?: User; readonly name?: string }): Promise<R & DocumentCommandResult> {
    const id = acceptCaseId(caseId);
    const itemName = acceptName(item, 'item');
    const user = acceptUser(options.user);
    if (input === null || typeof input !== 'object') throw new InvalidInputError('document', 'expected { name, contentType, content }');
    const name = acceptDocumentName(input.name, this.#limits);
    const contentType = acceptContentType(input.contentType, this.#limits);
    const replaced = options.name === undefined ? undefined : acceptDocumentName(options.name, this.#limits);
    const content = input.content;
    if (content instanceof Uint8Array) {
      if (content.byteLength > this.#limits.maxBytes) throw new DocumentTooLargeError(this.#limits.maxBytes);
    } else if (content === null || typeof content !== 'object' || !(Symbol.asyncIterator in content)) {
      throw new InvalidInputError('content', 'expected bytes (Uint8Array, Buffer) or a stream of them');
    }
    const command = (upload: UploadedContent): Command => ({ type: 'document', change, item: itemName, upload, name: replaced, user });
    // Refuse what the current state refuses before writing anything.
    await this.#dryRun(id, command({ name, contentType, ...NO_BLOB }));
    const prefix = scopeOf(id, itemName);
    const blob = await this.blobs.put(content, { maxBytes: this.#limits.maxBytes, prefix });
    const upload: UploadedContent = { name, contentType, blobKey: blob.key, size: blob.size, sha256: blob.sha256 };
    let earlier = 0;
    try {
      if (!blob.key.startsWith(`${prefix}/`)) throw new InvalidBlobKeyError(blob.key, `the blob store did not use the prefix ${prefix}`);
      const result = await this.shell.run(id, (state) => {
        earlier = earlierVersion(state, itemName, replaced ?? name, change);
        return command(upload);
      });
      const at = result.transitions[0]?.at ?? this.shell.context().now;
      const document: DocumentVersion = {
        name,
        contentType,
        size: blob.size,
        sha256: blob.sha256,
        version: earlier + 1,
        createdAt: new Date(at).toISOString(),
        ...(user === undefined ? {} : { user: user.id }),
        blobKey: blob.key,
      };
      return { ...result, document };
    } catch (error) {
      await this.#delete(id, itemName, [blob.key]);
      throw error;
    }
  }

  /** removeDocument: run the command, then delete the blobs of what it removed. */
  async remove(caseId: string, item: string, options: { readonly user?: User; readonly name?: string }): Promise<R> {
    const id = acceptCaseId(caseId);
    const itemName = acceptName(item, 'item');
    const user = acceptUser(options.user);
    const name = options.name === undefined ? undefined : acceptDocumentName(options.name, this.#limits);
    let removed: JsonValue | undefined;
    const result = await this.shell.run(id, (state) => {
      const value = itemValue(state, itemName);
      removed = name === undefined || !isFolderValue(value) ? value : (value.documents.find((d) => d.name === name) as unknown as JsonValue | undefined);
      return { type: 'document', change: 'removeDocument', item: itemName, name, user };
    });
    await this.#delete(id, itemName, blobKeysOf(removed));
    return result;
  }

  /** readDocument: the version's metadata and its content, checked against them as it streams. */
  async read(caseId: string, item: string, options: ReadDocumentOptions = {}): Promise<DocumentRead> {
    const id = acceptCaseId(caseId);
    const itemName = acceptName(item, 'item');
    const stored = await this.shell.load(id);
    const compiled = await this.shell.compiledFor(stored.state);
    const kind = documentItemKind({ c: compiled, s: stored.state }, itemName);
    const value = itemValue(stored.state, itemName);
    let document: DocumentValue | undefined;
    if (kind === 'document') document = isDocumentValue(value) ? value : undefined;
    else {
      if (options.name === undefined) throw new InvalidInputError('name', `"${itemName}" is a folder: name the document to read`);
      document = isFolderValue(value) ? value.documents.find((d) => d.name === options.name) : undefined;
    }
    if (document === undefined) throw new DocumentNotFoundError(itemName, options.name, id);
    const version = options.version === undefined ? versionOf(document) : [...document.previousVersions, versionOf(document)].find((v) => v.version === options.version);
    if (version === undefined) throw new DocumentNotFoundError(itemName, options.name, id, `no version ${String(options.version)}`);
    if (!version.blobKey.startsWith(`${scopeOf(id, itemName)}/`)) throw new InvalidBlobKeyError(version.blobKey, `it is not a blob of "${itemName}" in case ${id}`);
    const source = await this.blobs.get(version.blobKey);
    // pipeline hands a failure of the blob's stream on to the stream returned.
    return { document: version, content: pipeline(source, verifying(version), () => undefined) };
  }

  async #dryRun(caseId: string, command: Command): Promise<void> {
    const stored = await this.shell.load(caseId);
    step(await this.shell.compiledFor(stored.state), stored.state, command, this.shell.context());
  }

  /** Deletes blobs of this item (never a key outside its scope); a failure is reported, the blob stays an orphan. */
  async #delete(caseId: string, item: string, keys: readonly string[]): Promise<void> {
    const prefix = `${scopeOf(caseId, item)}/`;
    for (const key of keys) {
      if (!key.startsWith(prefix)) continue;
      try {
        await this.blobs.delete(key);
      } catch (error) {
        this.shell.onError(error, { source: 'document', caseId: caseId as CaseInstanceState['id'], itemName: item });
      }
    }
  }
}

/**
 * The key prefix of a case file item's blobs: 32 hex digits of SHA-256 over the case id and the
 * item name. Every read and delete checks it, so a case file value written by other means (a
 * `setCaseFile` naming a key) cannot reach another item's or another case's content.
 */
function scopeOf(caseId: string, item: string): string {
  return createHash('sha256').update(`${caseId}\u0000${item}`).digest('hex').slice(0, 32);
}

/** A case file item's value (own properties only: names are user input). */
function itemValue(state: CaseInstanceState, item: string): JsonValue | undefined {
  return Object.hasOwn(state.caseFile, item) ? (state.caseFile as Record<string, JsonValue>)[item] : undefined;
}

/** The version number the document replaced had (0 when attaching). */
function earlierVersion(state: CaseInstanceState, item: string, name: string, change: DocumentChange): number {
  if (change !== 'replaceDocument') return 0;
  const value = itemValue(state, item);
  if (isDocumentValue(value)) return value.version;
  if (isFolderValue(value)) return value.documents.find((d) => d.name === name)?.version ?? 0;
  return 0;
}

/** Passes the content through, failing at its end when its size or SHA-256 differs from the record. */
function verifying(version: DocumentVersion): Transform {
  const hash = createHash('sha256');
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.byteLength;
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      const sha256 = hash.digest('hex');
      if (size !== version.size) done(new DocumentIntegrityError(version.blobKey, `${size} bytes, the case file says ${version.size}`));
      else if (sha256 !== version.sha256) done(new DocumentIntegrityError(version.blobKey, 'its SHA-256 differs from the case file'));
      else done();
    },
  });
}
