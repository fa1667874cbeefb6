import { describe, expect, it } from 'vitest';
import { acceptContentType, acceptDocumentName, CasekitError, DOCUMENT_LIMITS, InvalidDocumentNameError, isDocumentValue } from '../../src/index.js';

describe('acceptDocumentName', () => {
  it.each(['report.pdf', 'Expertenbericht – Brand Küche.pdf', 'a.b.c', 'résumé (2).docx', '報告書.pdf', "O'Brien.txt", 'x'.repeat(255)])('accepts %j', (name) => {
    expect(acceptDocumentName(name)).toBe(name);
  });

  it.each([
    ['', 'empty'],
    ['x'.repeat(256), 'longer'],
    ['../secret', 'separator'],
    ['..', '".."'],
    ['a..b', '".."'],
    ['.', '"."'],
    ['dir/file', 'separator'],
    ['dir\\file', 'separator'],
    ['C:\\boot.ini', 'separator'],
    ['a\u0000b', 'control'],
    ['a\tb', 'control'],
    ['a\u007fb', 'control'],
    ['a\u0085b', 'control'],
    ['invoice\u202egpj.exe', 'bidirectional'],
    ['\u2066x', 'bidirectional'],
    ['\ud800', 'lone surrogate'],
    [' leading', 'white space'],
    ['trailing ', 'white space'],
  ])('refuses %j (%s)', (name, reason) => {
    let error: unknown;
    try {
      acceptDocumentName(name);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidDocumentNameError);
    expect(error).toBeInstanceOf(CasekitError);
    expect((error as InvalidDocumentNameError).code).toBe('InvalidDocumentName');
    expect((error as Error).message).toContain(reason);
  });

  it('refuses what is not a string, and honours a shorter maxNameLength', () => {
    expect(() => acceptDocumentName(42)).toThrow(InvalidDocumentNameError);
    expect(() => acceptDocumentName(undefined)).toThrow(InvalidDocumentNameError);
    expect(() => acceptDocumentName('abcdef', { maxNameLength: 5 })).toThrow(/longer than 5/);
  });
});

describe('acceptContentType', () => {
  it('normalises type and subtype to lowercase and keeps parameters', () => {
    expect(acceptContentType('Application/PDF')).toBe('application/pdf');
    expect(acceptContentType('text/plain; charset=UTF-8')).toBe('text/plain; charset=UTF-8');
    expect(acceptContentType('text/plain;format="flowed"')).toBe('text/plain;format="flowed"');
  });

  it.each(['pdf', 'application/', '/pdf', 'application/pdf/x', 'text/plain; charset', 'text/plain\nX: y', 'a b/c', 'x'.repeat(300) + '/y', 42])('refuses the malformed %j (InvalidContentType)', (type) => {
    expect(() => acceptContentType(type)).toThrow(expect.objectContaining({ code: 'InvalidContentType' }));
  });

  it('allows only the allow-list; * patterns', () => {
    expect(() => acceptContentType('text/html')).toThrow(expect.objectContaining({ code: 'ContentTypeNotAllowed' }));
    expect(() => acceptContentType('image/svg+xml')).toThrow(expect.objectContaining({ code: 'ContentTypeNotAllowed' }));
    expect(acceptContentType('image/svg+xml', { contentTypes: ['image/*'] })).toBe('image/svg+xml');
    expect(acceptContentType('application/octet-stream', { contentTypes: ['*/*'] })).toBe('application/octet-stream');
    expect(() => acceptContentType('application/pdf', { contentTypes: [] })).toThrow(expect.objectContaining({ code: 'ContentTypeNotAllowed' }));
  });

  it('the defaults: 25 MiB, no HTML or SVG, names up to 255', () => {
    expect(DOCUMENT_LIMITS.maxBytes).toBe(26_214_400);
    expect(DOCUMENT_LIMITS.maxNameLength).toBe(255);
    expect(DOCUMENT_LIMITS.contentTypes).toContain('application/pdf');
    expect(DOCUMENT_LIMITS.contentTypes.some((t) => /html|svg|javascript/.test(t))).toBe(false);
  });
});

describe('isDocumentValue', () => {
  const v = { name: 'a.pdf', contentType: 'application/pdf', size: 1, sha256: 'a'.repeat(64), version: 1, createdAt: '2026-01-01T00:00:00.000Z', blobKey: 'k', previousVersions: [] };
  it('knows a document from data', () => {
    expect(isDocumentValue(v)).toBe(true);
    expect(isDocumentValue({ ...v, sha256: 'nope' })).toBe(false);
    expect(isDocumentValue({ ...v, previousVersions: [{}] })).toBe(false);
    expect(isDocumentValue({ cause: 'fire' })).toBe(false);
    expect(isDocumentValue(null)).toBe(false);
  });
});
