/**
 * Documents as the case file holds them (CMMN 1.1 §5.3.2.1: case file items of definition type
 * `CMISDocument` and `CMISFolder`): metadata and versions, never the content, which lives in a
 * {@link BlobStore}. And the checks a document passes before anything is written: a safe name, an
 * allowed content type.
 */
import { ContentTypeNotAllowedError, InvalidContentTypeError, InvalidDocumentNameError } from './errors.js';

/**
 * The CMMN 1.1 definition type of a case file item holding one document.
 *
 * @example
 * const doc = m.caseFileItemDefinition('Document', { definitionType: CMIS_DOCUMENT });
 */
export const CMIS_DOCUMENT = 'http://www.omg.org/spec/CMMN/DefinitionType/CMISDocument';
/**
 * The CMMN 1.1 definition type of a case file item holding a folder of documents.
 *
 * @example
 * c.caseFileItem('photos', { definition: m.caseFileItemDefinition('Folder', { definitionType: CMIS_FOLDER }) });
 */
export const CMIS_FOLDER = 'http://www.omg.org/spec/CMMN/DefinitionType/CMISFolder';

/** What a case file item holds, by its definition type: one document, a folder of them, or data. */
export type DocumentItemKind = 'document' | 'folder';

/**
 * The document kind of a definition type, or undefined for data items.
 *
 * @example
 * documentKindOf('http://www.omg.org/spec/CMMN/DefinitionType/CMISFolder'); // 'folder'
 */
export function documentKindOf(definitionType: string | undefined): DocumentItemKind | undefined {
  if (definitionType === CMIS_DOCUMENT) return 'document';
  if (definitionType === CMIS_FOLDER) return 'folder';
  return undefined;
}

/** One version of a document, as the case file records it: the content is in the blob store under `blobKey`. */
export interface DocumentVersion {
  readonly name: string;
  readonly contentType: string;
  /** Bytes. */
  readonly size: number;
  /** SHA-256 of the content, lowercase hex. */
  readonly sha256: string;
  /** 1 for the first version, + 1 per replacement. */
  readonly version: number;
  /** ISO 8601, the engine clock's time of the step that recorded it. */
  readonly createdAt: string;
  /** The id of the user whose command recorded it (absent for a command without a user). */
  readonly user?: string;
  /** Where the blob store keeps the content. */
  readonly blobKey: string;
}

/**
 * The value of a `CMISDocument` case file item: its current version, and the earlier ones (oldest
 * first). Expressions read the current version directly: `${expertReport.contentType}`.
 *
 * @example
 * const report = snapshot.caseFile.expertReport as DocumentValue; // { name: 'report.pdf', version: 2, previousVersions: [{ version: 1, … }], … }
 */
export interface DocumentValue extends DocumentVersion {
  readonly previousVersions: readonly DocumentVersion[];
}

/**
 * The value of a `CMISFolder` case file item: its documents, in the order they were attached.
 *
 * @example
 * (snapshot.caseFile.photos as FolderValue).documents.map((d) => d.name); // ['kitchen.jpg', 'hall.jpg']
 */
export interface FolderValue {
  readonly documents: readonly DocumentValue[];
}

/** The content as the blob store kept it: what the engine records of it. */
export interface UploadedContent {
  readonly name: string;
  readonly contentType: string;
  readonly blobKey: string;
  readonly size: number;
  readonly sha256: string;
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Is `value` a document as the engine records it (with its earlier versions)?
 *
 * @example
 * isDocumentValue(snapshot.caseFile.expertReport); // true once attached
 */
export function isDocumentValue(value: unknown): value is DocumentValue {
  return isDocumentVersion(value) && Array.isArray((value as { previousVersions?: unknown }).previousVersions) && (value as DocumentValue).previousVersions.every(isDocumentVersion);
}

function isDocumentVersion(value: unknown): value is DocumentVersion {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['name'] === 'string' &&
    typeof v['contentType'] === 'string' &&
    Number.isSafeInteger(v['size']) &&
    typeof v['sha256'] === 'string' &&
    SHA256.test(v['sha256']) &&
    Number.isSafeInteger(v['version']) &&
    typeof v['createdAt'] === 'string' &&
    typeof v['blobKey'] === 'string' &&
    (v['user'] === undefined || typeof v['user'] === 'string')
  );
}

/**
 * Is `value` a folder as the engine records it?
 *
 * @example
 * isFolderValue({ documents: [] }); // true
 */
export function isFolderValue(value: unknown): value is FolderValue {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const documents = (value as { documents?: unknown }).documents;
  return Array.isArray(documents) && documents.every(isDocumentValue);
}

/** The current version alone (without the earlier ones). @example versionOf(report).version; // 2 */
export function versionOf(document: DocumentValue): DocumentVersion {
  const { previousVersions: _, ...version } = document;
  return version;
}

/** Every blob key a document or folder value names (each version of each document). @example blobKeysOf(caseFile.photos); // ['…/…', …] */
export function blobKeysOf(value: unknown): string[] {
  if (isDocumentValue(value)) return [value.blobKey, ...value.previousVersions.map((v) => v.blobKey)];
  if (isFolderValue(value)) return value.documents.flatMap(blobKeysOf);
  return [];
}

// ------------------------------------------------------------------------------------------------
// Limits and checks
// ------------------------------------------------------------------------------------------------

/** Bounds on documents (`EngineOptions.documents`). */
export interface DocumentLimits {
  /** Largest content, in bytes. Default 25 MiB (26,214,400). */
  readonly maxBytes?: number;
  /**
   * The content types allowed: exact media types (`application/pdf`), or a `*` for the subtype
   * (`image/` then `*`) or for both (allows any). Matched on the type without parameters,
   * case-insensitively.
   * Default {@link DEFAULT_CONTENT_TYPES}.
   */
  readonly contentTypes?: readonly string[];
  /** Longest document name, in UTF-16 code units. Default 255. */
  readonly maxNameLength?: number;
}

/**
 * The content types allowed by default: office documents, images, text, mail — nothing executable
 * or scriptable (no HTML, no SVG).
 *
 * @example
 * createEngine({ documents: { contentTypes: [...DEFAULT_CONTENT_TYPES, 'application/zip'] } });
 */
export const DEFAULT_CONTENT_TYPES: readonly string[] = Object.freeze([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/tiff',
  'image/heic',
  'text/plain',
  'text/csv',
  'application/json',
  'application/xml',
  'message/rfc822',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
]);

/**
 * The default {@link DocumentLimits}: 25 MiB, {@link DEFAULT_CONTENT_TYPES}, names up to 255 characters.
 *
 * @example
 * createEngine({ documents: { maxBytes: 4 * DOCUMENT_LIMITS.maxBytes } });
 */
export const DOCUMENT_LIMITS: Readonly<Required<DocumentLimits>> = Object.freeze({ maxBytes: 25 * 1024 * 1024, contentTypes: DEFAULT_CONTENT_TYPES, maxNameLength: 255 });

/** C0 and C1 controls, DEL, and the bidirectional overrides and isolates that make `fdp.exe` read as `exe.pdf`. */
// eslint-disable-next-line no-control-regex
const UNSAFE_CHAR = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;

/**
 * Checks a document name: a non-empty string of at most `maxNameLength` characters, without a
 * path separator (`/`, `\`), `..`, a control or bidirectional-override character, a lone
 * surrogate, or leading and trailing spaces. Names are never paths (blob keys are the store's),
 * but they reach file systems when users download documents. Returns the name.
 *
 * @example
 * acceptDocumentName('expert report.pdf'); // 'expert report.pdf'
 * acceptDocumentName('..\\boot.ini'); // InvalidDocumentNameError
 */
export function acceptDocumentName(name: unknown, limits: DocumentLimits = {}): string {
  const max = limits.maxNameLength ?? DOCUMENT_LIMITS.maxNameLength;
  if (typeof name !== 'string') throw new InvalidDocumentNameError(String(name), `expected a string, got ${name === null ? 'null' : typeof name}`);
  if (name === '') throw new InvalidDocumentNameError(name, 'it is empty');
  if (name.length > max) throw new InvalidDocumentNameError(name, `it is longer than ${max} characters`);
  if (/[/\\]/.test(name)) throw new InvalidDocumentNameError(name, 'it holds a path separator');
  if (name.includes('..')) throw new InvalidDocumentNameError(name, 'it holds ".."');
  if (name === '.') throw new InvalidDocumentNameError(name, 'it is "."');
  if (UNSAFE_CHAR.test(name)) throw new InvalidDocumentNameError(name, 'it holds a control or bidirectional-override character');
  if (!(name as string & { isWellFormed(): boolean }).isWellFormed()) throw new InvalidDocumentNameError(name, 'it holds a lone surrogate');
  if (name.trim() !== name) throw new InvalidDocumentNameError(name, 'it begins or ends with white space');
  return name;
}

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MEDIA_TYPE = new RegExp(`^(${TOKEN})/(${TOKEN})((?:[ \\t]*;[ \\t]*${TOKEN}=(?:${TOKEN}|"[^"\\\\\\u0000-\\u001f]*"))*)$`);

/**
 * Checks a content type against the media type grammar (RFC 9110 §8.3.1) and the allow-list;
 * returns it with the type and subtype in lowercase.
 *
 * @example
 * acceptContentType('Application/PDF'); // 'application/pdf'
 * acceptContentType('text/html'); // ContentTypeNotAllowedError
 */
export function acceptContentType(contentType: unknown, limits: DocumentLimits = {}): string {
  if (typeof contentType !== 'string' || contentType.length > 255) throw new InvalidContentTypeError(String(contentType));
  const m = MEDIA_TYPE.exec(contentType);
  if (m === null) throw new InvalidContentTypeError(contentType);
  const type = m[1]!.toLowerCase();
  const subtype = m[2]!.toLowerCase();
  const allowed = limits.contentTypes ?? DOCUMENT_LIMITS.contentTypes;
  const ok = allowed.some((pattern) => {
    const [t, s] = pattern.toLowerCase().split('/');
    return (t === '*' || t === type) && (s === '*' || s === subtype);
  });
  if (!ok) throw new ContentTypeNotAllowedError(`${type}/${subtype}`, allowed);
  return `${type}/${subtype}${m[3] ?? ''}`;
}
