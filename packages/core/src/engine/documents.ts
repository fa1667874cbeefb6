/**
 * Documents in the case file (CMMN 1.1 §5.3.2.1, cmmn-semantics §9; docs/documents.md): a
 * `CMISDocument` case file item holds one document with its versions, a `CMISFolder` item a list
 * of documents. The step records metadata only — the content is already in the blob store — and
 * raises the item's standard events: `create` on the first attach (and `addChild` on a parent
 * item), `replace` on a new version, `delete` on removal; in a folder, `addChild`, `update` and
 * `removeChild`.
 */
import { DocumentExistsError, DocumentNotFoundError, NotADocumentItemError } from '../documents/errors.js';
import { documentKindOf, isDocumentValue, isFolderValue, versionOf, type DocumentItemKind, type DocumentValue, type UploadedContent } from '../documents/document-values.js';
import { InvalidInputError } from '../errors.js';
import { changeCaseFile, removeCaseFile, writeCaseFile } from './case-file.js';
import type { Command } from './commands.js';
import type { InstanceView } from './kernel/view.js';
import type { StepRun } from './kernel/step-run.js';
import type { JsonValue } from './state.js';

/** A document command. */
export type DocumentCommand = Extract<Command, { readonly type: 'document' }>;

/**
 * The document kind of a case file item of the case (`NotADocumentItemError` for a data item or a
 * name the case file model does not have).
 */
export function documentItemKind(view: Pick<InstanceView, 'c' | 's'>, item: string): DocumentItemKind {
  const entry = view.c.caseFileItems.get(item);
  if (entry === undefined) throw new NotADocumentItemError(item, null, view.s.id);
  const definitionType = entry.item.definition?.definitionType;
  const kind = documentKindOf(definitionType);
  if (kind === undefined) throw new NotADocumentItemError(item, definitionType, view.s.id);
  return kind;
}

/** Applies a document command: checks it against the case file and records the new metadata. */
export function documentCommand(run: StepRun, command: DocumentCommand): void {
  const { item } = command;
  const kind = documentItemKind(run, item);
  const exists = Object.hasOwn(run.s.caseFile, item);
  const current = exists ? (run.s.caseFile as Record<string, JsonValue>)[item] : undefined;
  if (command.change === 'removeDocument') {
    if (kind === 'folder' && command.name !== undefined) {
      const documents = folderDocuments(run, item, current);
      if (!documents.some((d) => d.name === command.name)) throw new DocumentNotFoundError(item, command.name, run.s.id);
      changeCaseFile(run, item, { documents: documents.filter((d) => d.name !== command.name) } as unknown as JsonValue, 'removeChild');
      return;
    }
    if (!exists) throw new DocumentNotFoundError(item, undefined, run.s.id);
    removeCaseFile(run, item);
    return;
  }
  const upload = command.upload;
  if (upload === undefined) throw new InvalidInputError('upload', `${command.change} needs the content's blob`);
  if (kind === 'document') {
    if (command.change === 'attachDocument') {
      if (exists) throw new DocumentExistsError(item, undefined, run.s.id);
      writeCaseFile(run, item, asJson(newDocument(run, upload, undefined)));
      return;
    }
    if (!exists || !isDocumentValue(current)) throw new DocumentNotFoundError(item, undefined, run.s.id);
    changeCaseFile(run, item, asJson(newDocument(run, upload, current)), 'replace');
    return;
  }
  // A folder: its documents by name.
  const documents = exists ? folderDocuments(run, item, current) : [];
  if (command.change === 'attachDocument') {
    if (documents.some((d) => d.name === upload.name)) throw new DocumentExistsError(item, upload.name, run.s.id);
    const next = asJson({ documents: [...documents, newDocument(run, upload, undefined)] });
    if (!exists) writeCaseFile(run, item, asJson({ documents: [] }));
    changeCaseFile(run, item, next, 'addChild');
    return;
  }
  const name = command.name ?? upload.name;
  const at = documents.findIndex((d) => d.name === name);
  if (at < 0) throw new DocumentNotFoundError(item, name, run.s.id);
  if (name !== upload.name && documents.some((d) => d.name === upload.name)) throw new DocumentExistsError(item, upload.name, run.s.id);
  const next = documents.map((d, i) => (i === at ? newDocument(run, upload, d) : d));
  changeCaseFile(run, item, asJson({ documents: next }), 'update');
}

/** The documents of a folder item (a folder whose value another command overwrote holds none). */
function folderDocuments(run: StepRun, item: string, value: JsonValue | undefined): readonly DocumentValue[] {
  if (value === undefined) throw new DocumentNotFoundError(item, undefined, run.s.id);
  return isFolderValue(value) ? value.documents : [];
}

/** The next version of a document (the first when there is no earlier one). */
function newDocument(run: StepRun, upload: UploadedContent, earlier: DocumentValue | undefined): DocumentValue {
  return {
    name: upload.name,
    contentType: upload.contentType,
    size: upload.size,
    sha256: upload.sha256,
    version: earlier === undefined ? 1 : earlier.version + 1,
    createdAt: new Date(run.now).toISOString(),
    ...(run.user === undefined ? {} : { user: run.user.id }),
    blobKey: upload.blobKey,
    previousVersions: earlier === undefined ? [] : [...earlier.previousVersions, versionOf(earlier)],
  };
}

function asJson(value: object): JsonValue {
  return value as unknown as JsonValue;
}
