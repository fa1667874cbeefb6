/**
 * Documents in the case file (docs/documents.md): blob stores, document values and their checks,
 * and the typed errors.
 *
 * @module
 */
export { createMemoryBlobStore, BLOB_KEY, type BlobStore, type BlobContent, type BlobPutOptions, type StoredBlob } from './blob-store.js';
export { createFileBlobStore } from './file-blob-store.js';
export {
  CMIS_DOCUMENT,
  CMIS_FOLDER,
  DEFAULT_CONTENT_TYPES,
  DOCUMENT_LIMITS,
  acceptContentType,
  acceptDocumentName,
  documentKindOf,
  isDocumentValue,
  isFolderValue,
  type DocumentItemKind,
  type DocumentLimits,
  type DocumentValue,
  type DocumentVersion,
  type FolderValue,
  type UploadedContent,
} from './document-values.js';
export {
  DocumentError,
  InvalidDocumentNameError,
  InvalidContentTypeError,
  ContentTypeNotAllowedError,
  DocumentTooLargeError,
  NotADocumentItemError,
  DocumentExistsError,
  DocumentNotFoundError,
  InvalidBlobKeyError,
  BlobNotFoundError,
  DocumentIntegrityError,
  type DocumentErrorCode,
} from './errors.js';
