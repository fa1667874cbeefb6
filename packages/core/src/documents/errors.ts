/**
 * The typed errors of documents in the case file: each a `CasekitError` with a literal `code`,
 * thrown before anything changes (before the blob is written where the input is at fault, before
 * the step where the case is).
 */
import { CasekitError } from '@casekit/rules';

/** Stable codes of the document errors. */
export type DocumentErrorCode =
  | 'InvalidDocumentName'
  | 'InvalidContentType'
  | 'ContentTypeNotAllowed'
  | 'DocumentTooLarge'
  | 'NotADocumentItem'
  | 'DocumentExists'
  | 'DocumentNotFound'
  | 'InvalidBlobKey'
  | 'BlobNotFound'
  | 'DocumentIntegrity';

/**
 * The base class of the document errors.
 *
 * @example
 * try { await engine.attachDocument(id, 'report', doc, { user }); } catch (e) { if (e instanceof DocumentError) console.log(e.code); }
 */
export class DocumentError<Code extends DocumentErrorCode = DocumentErrorCode> extends CasekitError<Code> {
  override readonly name: string = 'DocumentError';
}

/**
 * A document name that could be mistaken for a path or hide what it is: empty, longer than the
 * limit, with a path separator, a control or bidirectional-override character, `..`, or a lone
 * surrogate.
 *
 * @example
 * await engine.attachDocument(id, 'report', { name: '../../etc/passwd', contentType: 'text/plain', content }); // InvalidDocumentNameError
 */
export class InvalidDocumentNameError extends DocumentError<'InvalidDocumentName'> {
  override readonly name = 'InvalidDocumentNameError';
  constructor(
    readonly documentName: string,
    readonly reason: string,
  ) {
    super('InvalidDocumentName', `document name ${JSON.stringify(documentName.slice(0, 80))} is refused: ${reason}`);
  }
}

/**
 * A content type that is not a media type (`type/subtype`, optional parameters).
 *
 * @example
 * await engine.attachDocument(id, 'report', { name: 'a.pdf', contentType: 'pdf', content }); // InvalidContentTypeError
 */
export class InvalidContentTypeError extends DocumentError<'InvalidContentType'> {
  override readonly name = 'InvalidContentTypeError';
  constructor(readonly contentType: string) {
    super('InvalidContentType', `content type ${JSON.stringify(String(contentType).slice(0, 80))} is not a media type (type/subtype)`);
  }
}

/**
 * A content type outside the engine's allow-list (`documents.contentTypes`).
 *
 * @example
 * await engine.attachDocument(id, 'report', { name: 'a.exe', contentType: 'application/x-msdownload', content }); // ContentTypeNotAllowedError
 */
export class ContentTypeNotAllowedError extends DocumentError<'ContentTypeNotAllowed'> {
  override readonly name = 'ContentTypeNotAllowedError';
  constructor(
    readonly contentType: string,
    readonly allowed: readonly string[],
  ) {
    super('ContentTypeNotAllowed', `content type ${contentType} is not allowed (allowed: ${allowed.join(', ')})`);
  }
}

/**
 * Content larger than the limit (`documents.maxBytes`); a stream is cut off at the limit and what
 * was written of it is deleted.
 *
 * @example
 * await engine.attachDocument(id, 'report', { name: 'a.pdf', contentType: 'application/pdf', content: huge }); // DocumentTooLargeError
 */
export class DocumentTooLargeError extends DocumentError<'DocumentTooLarge'> {
  override readonly name = 'DocumentTooLargeError';
  constructor(readonly maxBytes: number) {
    super('DocumentTooLarge', `the content is larger than ${maxBytes} bytes (documents.maxBytes)`);
  }
}

/**
 * The case file item named is not one whose definition type is CMISDocument or CMISFolder (or the
 * case has no such item).
 *
 * @example
 * await engine.attachDocument(id, 'claimedAmount', doc, { user }); // NotADocumentItemError
 */
export class NotADocumentItemError extends DocumentError<'NotADocumentItem'> {
  override readonly name = 'NotADocumentItemError';
  constructor(
    readonly item: string,
    /** The item's definition type; `null` when the case has no such item. */
    readonly definitionType: string | null | undefined,
    readonly caseId?: string,
  ) {
    super(
      'NotADocumentItem',
      definitionType === null
        ? `the case has no case file item "${item}"`
        : `case file item "${item}" does not hold documents: its definition type is ${definitionType ?? 'not given'}, not CMISDocument or CMISFolder`,
    );
  }
}

/**
 * Attaching where a document already is (a document item that holds one, a folder holding a
 * document of that name): replace it instead.
 *
 * @example
 * await engine.attachDocument(id, 'expertReport', doc, { user }); // twice: DocumentExistsError
 */
export class DocumentExistsError extends DocumentError<'DocumentExists'> {
  override readonly name = 'DocumentExistsError';
  constructor(
    readonly item: string,
    readonly documentName: string | undefined,
    readonly caseId: string,
  ) {
    super('DocumentExists', `case ${caseId}: ${documentName === undefined ? `"${item}" already holds a document` : `folder "${item}" already holds "${documentName}"`}: replace it instead`);
  }
}

/**
 * Replacing, removing or reading a document that is not there (or a version it never had).
 *
 * @example
 * await engine.readDocument(id, 'expertReport'); // before it arrived: DocumentNotFoundError
 */
export class DocumentNotFoundError extends DocumentError<'DocumentNotFound'> {
  override readonly name = 'DocumentNotFoundError';
  constructor(
    readonly item: string,
    readonly documentName: string | undefined,
    readonly caseId: string,
    detail?: string,
  ) {
    super('DocumentNotFound', `case ${caseId}: ${documentName === undefined ? `"${item}" holds no document` : `folder "${item}" holds no document "${documentName}"`}${detail === undefined ? '' : ` (${detail})`}`);
  }
}

/**
 * A blob key that a blob store refuses (not of its form: a traversal attempt, an absolute path) or
 * that does not belong to the case file item naming it.
 *
 * @example
 * await blobs.get('../../etc/passwd'); // InvalidBlobKeyError
 */
export class InvalidBlobKeyError extends DocumentError<'InvalidBlobKey'> {
  override readonly name = 'InvalidBlobKeyError';
  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super('InvalidBlobKey', `blob key ${JSON.stringify(String(key).slice(0, 120))} is refused: ${reason}`);
  }
}

/**
 * The blob store holds no blob under the key.
 *
 * @example
 * await blobs.get(deletedKey); // BlobNotFoundError
 */
export class BlobNotFoundError extends DocumentError<'BlobNotFound'> {
  override readonly name = 'BlobNotFoundError';
  constructor(readonly key: string) {
    super('BlobNotFound', `no blob ${key}`);
  }
}

/**
 * The content read back differs from what the case file recorded (size or SHA-256): raised by the
 * stream `readDocument` returns, at its end.
 *
 * @example
 * for await (const chunk of (await engine.readDocument(id, 'expertReport')).content) {} // DocumentIntegrityError if the blob was altered
 */
export class DocumentIntegrityError extends DocumentError<'DocumentIntegrity'> {
  override readonly name = 'DocumentIntegrityError';
  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super('DocumentIntegrity', `blob ${key} does not match its document: ${reason}`);
  }
}
