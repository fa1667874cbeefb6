import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMemoryBlobStore, type BlobStore, type DocumentValue, type FolderValue } from '../../src/index.js';
import { ADA, bytes, chunks, documentEngine, PDF } from './fixture.js';

const active = async (engine: Awaited<ReturnType<typeof documentEngine>>['engine'], caseId: string) =>
  (await engine.getCase(caseId)).items.filter((i) => i.state === 'Active').map((i) => i.name);

describe('documents: attach, replace, remove', () => {
  it('attaching raises create on the item and the sentry waiting for it fires', async () => {
    const { engine, caseId, blobs } = await documentEngine();
    expect(await active(engine, caseId)).not.toContain('Review expert report');
    const result = await engine.attachDocument(caseId, 'expertReport', { name: 'report.pdf', contentType: 'application/pdf', content: PDF }, { user: ADA });
    expect(result.transitions[0]).toMatchObject({ scope: 'caseFile', itemName: 'expertReport', transition: 'create', command: 'attachDocument', user: 'ada' });
    expect(await active(engine, caseId)).toContain('Review expert report');
    expect(result.document).toMatchObject({ name: 'report.pdf', contentType: 'application/pdf', size: PDF.length, sha256: createHash('sha256').update(PDF).digest('hex'), version: 1, createdAt: '2026-11-02T08:00:00.000Z', user: 'ada' });
    const value = (await engine.getCase(caseId)).caseFile['expertReport'] as unknown as DocumentValue;
    expect(value).toEqual({ ...result.document, previousVersions: [] });
    expect((blobs as ReturnType<typeof createMemoryBlobStore>).keys()).toEqual([result.document.blobKey]);
    const read = await engine.readDocument(caseId, 'expertReport');
    expect(read.document).toEqual(result.document);
    expect((await bytes(read.content)).equals(PDF)).toBe(true);
  });

  it('replacing raises replace, keeps the earlier versions readable; removing raises delete and deletes every version', async () => {
    const { engine, caseId, blobs, clock } = await documentEngine();
    const first = await engine.attachDocument(caseId, 'expertReport', { name: 'report.pdf', contentType: 'application/pdf', content: PDF }, { user: ADA });
    clock.advance(3_600_000);
    await engine.addMember(caseId, 'ben', ['reviewer'], { user: ADA });
    const v2 = Buffer.from('%PDF-1.7 corrected estimate 19800');
    const second = await engine.replaceDocument(caseId, 'expertReport', { name: 'report-v2.pdf', contentType: 'application/pdf', content: v2 }, { user: { id: 'ben', roles: [] } });
    expect(second.transitions[0]).toMatchObject({ itemName: 'expertReport', transition: 'replace', from: 'Available', to: 'Available', command: 'replaceDocument' });
    expect(await active(engine, caseId)).toContain('Recheck report');
    expect(second.document).toMatchObject({ name: 'report-v2.pdf', version: 2, user: 'ben', createdAt: '2026-11-02T09:00:00.000Z' });
    const value = (await engine.getCase(caseId)).caseFile['expertReport'] as unknown as DocumentValue;
    expect(value.previousVersions).toEqual([first.document]);
    expect((await bytes((await engine.readDocument(caseId, 'expertReport', { version: 1 })).content)).equals(PDF)).toBe(true);
    expect((await bytes((await engine.readDocument(caseId, 'expertReport')).content)).equals(v2)).toBe(true);
    await expect(engine.readDocument(caseId, 'expertReport', { version: 3 })).rejects.toMatchObject({ code: 'DocumentNotFound' });

    const removed = await engine.removeDocument(caseId, 'expertReport', { user: ADA });
    expect(removed.transitions[0]).toMatchObject({ itemName: 'expertReport', transition: 'delete', to: 'Discarded', command: 'removeDocument' });
    expect((await engine.getCase(caseId)).items.find((i) => i.name === 'Report withdrawn')?.state).toBe('Completed');
    expect((await engine.getCase(caseId)).caseFile['expertReport']).toBeUndefined();
    expect((blobs as ReturnType<typeof createMemoryBlobStore>).size).toBe(0);
    await expect(engine.readDocument(caseId, 'expertReport')).rejects.toMatchObject({ code: 'DocumentNotFound' });
  });

  it('a folder raises create then addChild, update on a new version, removeChild; a document in a folder item raises addChild on it', async () => {
    const { engine, caseId, blobs } = await documentEngine();
    const jpeg = (s: string) => ({ name: `${s}.jpg`, contentType: 'image/jpeg', content: Buffer.from(`JPEG ${s}`) });
    const a = await engine.attachDocument(caseId, 'photos', jpeg('kitchen'), { user: ADA });
    expect(a.transitions.filter((t) => t.scope === 'caseFile').map((t) => t.transition)).toEqual(['create', 'addChild']);
    expect(await active(engine, caseId)).toContain('Look at photos');
    const b = await engine.attachDocument(caseId, 'photos', jpeg('hall'), { user: ADA });
    expect(b.transitions.filter((t) => t.scope === 'caseFile').map((t) => t.transition)).toEqual(['addChild']);
    await expect(engine.attachDocument(caseId, 'photos', jpeg('hall'), { user: ADA })).rejects.toMatchObject({ code: 'DocumentExists' });
    const c = await engine.replaceDocument(caseId, 'photos', jpeg('hall'), { user: ADA });
    expect(c.transitions.filter((t) => t.scope === 'caseFile').map((t) => t.transition)).toEqual(['update']);
    expect(c.document.version).toBe(2);
    await expect(engine.readDocument(caseId, 'photos')).rejects.toMatchObject({ code: 'InvalidInput' });
    expect((await bytes((await engine.readDocument(caseId, 'photos', { name: 'kitchen.jpg' })).content)).toString()).toBe('JPEG kitchen');
    const d = await engine.removeDocument(caseId, 'photos', { name: 'hall.jpg', user: ADA });
    expect(d.transitions.filter((t) => t.scope === 'caseFile').map((t) => t.transition)).toEqual(['removeChild']);
    expect(((await engine.getCase(caseId)).caseFile['photos'] as unknown as FolderValue).documents.map((x) => x.name)).toEqual(['kitchen.jpg']);
    expect((blobs as ReturnType<typeof createMemoryBlobStore>).keys()).toEqual([a.document.blobKey]);
    await expect(engine.removeDocument(caseId, 'photos', { name: 'hall.jpg', user: ADA })).rejects.toMatchObject({ code: 'DocumentNotFound' });

    // dossier (a folder item) with the document item medicalReport as its child in the model
    await engine.attachDocument(caseId, 'dossier', { name: 'cover.txt', contentType: 'text/plain', content: Buffer.from('cover') }, { user: ADA });
    const m = await engine.attachDocument(caseId, 'medicalReport', { name: 'medical.pdf', contentType: 'application/pdf', content: PDF }, { user: ADA });
    expect(m.transitions.filter((t) => t.scope === 'caseFile').map((t) => `${t.itemName}:${t.transition}`)).toEqual(['medicalReport:create', 'dossier:addChild']);
    const r = await engine.removeDocument(caseId, 'medicalReport', { user: ADA });
    expect(r.transitions.filter((t) => t.scope === 'caseFile').map((t) => `${t.itemName}:${t.transition}`)).toEqual(['medicalReport:delete', 'dossier:removeChild']);
  });

  it('content never enters the case state or its history', async () => {
    const { engine, caseId } = await documentEngine();
    const secret = Buffer.from('TOP-SECRET-CONTENT-7c1f');
    await engine.attachDocument(caseId, 'expertReport', { name: 'r.txt', contentType: 'text/plain', content: secret }, { user: ADA });
    await engine.replaceDocument(caseId, 'expertReport', { name: 'r.txt', contentType: 'text/plain', content: Buffer.concat([secret, secret]) }, { user: ADA });
    const text = JSON.stringify(await engine.getState(caseId)) + JSON.stringify(await engine.history(caseId));
    expect(text).not.toContain('TOP-SECRET');
    expect(text).not.toContain(secret.toString('base64').slice(0, 12));
  });
});

describe('documents: refusals change nothing and leave no blob', () => {
  const refused = async (run: (ctx: Awaited<ReturnType<typeof documentEngine>>) => Promise<unknown>, code: string, opts: Parameters<typeof documentEngine>[0] = {}) => {
    const ctx = await documentEngine(opts);
    const before = await ctx.engine.getState(ctx.caseId);
    await expect(run(ctx)).rejects.toMatchObject({ code });
    expect(await ctx.engine.getState(ctx.caseId)).toEqual(before);
    expect((ctx.blobs as ReturnType<typeof createMemoryBlobStore>).size).toBe(0);
  };
  const doc = { name: 'report.pdf', contentType: 'application/pdf', content: PDF };

  it.each([
    ['../../etc/passwd', 'InvalidDocumentName'],
    ['a/b.pdf', 'InvalidDocumentName'],
    ['a\\b.pdf', 'InvalidDocumentName'],
    ['..', 'InvalidDocumentName'],
    ['report\u0000.pdf', 'InvalidDocumentName'],
    ['report\n.pdf', 'InvalidDocumentName'],
    ['fdp.\u202eexe', 'InvalidDocumentName'],
    ['', 'InvalidDocumentName'],
    ['x'.repeat(256), 'InvalidDocumentName'],
  ])('a hostile name %j: %s', async (name, code) => {
    await refused(({ engine, caseId }) => engine.attachDocument(caseId, 'expertReport', { ...doc, name }, { user: ADA }), code);
  });

  it.each([
    ['text/html', 'ContentTypeNotAllowed'],
    ['image/svg+xml', 'ContentTypeNotAllowed'],
    ['application/x-msdownload', 'ContentTypeNotAllowed'],
    ['pdf', 'InvalidContentType'],
    ['application/pdf\r\nX-Evil: 1', 'InvalidContentType'],
  ])('content type %j: %s', async (contentType, code) => {
    await refused(({ engine, caseId }) => engine.attachDocument(caseId, 'expertReport', { ...doc, contentType }, { user: ADA }), code);
  });

  it('the allow-list is configurable, with type/* patterns; parameters are kept', async () => {
    const { engine, caseId } = await documentEngine({ documents: { contentTypes: ['text/*'] } });
    const r = await engine.attachDocument(caseId, 'expertReport', { name: 'a.html', contentType: 'Text/HTML; charset=utf-8', content: Buffer.from('<p>') }, { user: ADA });
    expect(r.document.contentType).toBe('text/html; charset=utf-8');
    await expect(engine.replaceDocument(caseId, 'expertReport', doc, { user: ADA })).rejects.toMatchObject({ code: 'ContentTypeNotAllowed' });
  });

  it('content over the limit, as bytes or as a stream cut off at the limit', async () => {
    await refused(({ engine, caseId }) => engine.attachDocument(caseId, 'expertReport', { ...doc, content: Buffer.alloc(1025) }, { user: ADA }), 'DocumentTooLarge', { documents: { maxBytes: 1024 } });
    await refused(({ engine, caseId }) => engine.attachDocument(caseId, 'expertReport', { ...doc, content: chunks(5, 300) }, { user: ADA }), 'DocumentTooLarge', { documents: { maxBytes: 1024 } });
    const { engine, caseId } = await documentEngine({ documents: { maxBytes: 1024 } });
    expect((await engine.attachDocument(caseId, 'expertReport', { ...doc, content: chunks(4, 256) }, { user: ADA })).document.size).toBe(1024);
  });

  it('content that is not bytes, or a stream of something else', async () => {
    await refused(({ engine, caseId }) => engine.attachDocument(caseId, 'expertReport', { ...doc, content: 'a string' as never }, { user: ADA }), 'InvalidInput');
    async function* strings() {
      yield 'text';
    }
    await refused(({ engine, caseId }) => engine.attachDocument(caseId, 'expertReport', { ...doc, content: strings() as never }, { user: ADA }), 'InvalidInput');
  });

  it('a refused command after a stream was written: the case is closed meanwhile', async () => {
    const { engine, caseId, blobs } = await documentEngine();
    async function* slow() {
      yield Buffer.from('part one ');
      await engine.caseCommand(caseId, 'terminate', { user: ADA });
      yield Buffer.from('part two');
    }
    await expect(engine.attachDocument(caseId, 'expertReport', { ...doc, content: slow() }, { user: ADA })).rejects.toMatchObject({ code: 'IllegalTransition' });
    expect((blobs as ReturnType<typeof createMemoryBlobStore>).size).toBe(0);
  });

  it('a data item, an unknown item, a second attach, a replace or remove of nothing, a user outside the team', async () => {
    await refused(({ engine, caseId }) => engine.attachDocument(caseId, 'amount', doc, { user: ADA }), 'NotADocumentItem');
    await refused(({ engine, caseId }) => engine.attachDocument(caseId, 'nope', doc, { user: ADA }), 'NotADocumentItem');
    await refused(({ engine, caseId }) => engine.replaceDocument(caseId, 'expertReport', doc, { user: ADA }), 'DocumentNotFound');
    await refused(({ engine, caseId }) => engine.removeDocument(caseId, 'expertReport', { user: ADA }), 'DocumentNotFound');
    await refused(({ engine, caseId }) => engine.attachDocument(caseId, 'expertReport', doc, { user: { id: 'mallory', roles: [] } }), 'NotAuthorized');
    const { engine, caseId, blobs } = await documentEngine();
    await engine.attachDocument(caseId, 'expertReport', doc, { user: ADA });
    await expect(engine.attachDocument(caseId, 'expertReport', doc, { user: ADA })).rejects.toMatchObject({ code: 'DocumentExists' });
    expect((blobs as ReturnType<typeof createMemoryBlobStore>).size).toBe(1);
  });

  /** A blob store that, on its first put, lets another attach of the same item run to its end first. */
  function racing(inner: ReturnType<typeof createMemoryBlobStore>, failDelete = false) {
    let race: (() => Promise<unknown>) | undefined;
    const store: BlobStore = {
      async put(content, options) {
        const other = race;
        race = undefined;
        if (other !== undefined) await other();
        return inner.put(content, options);
      },
      get: (key) => inner.get(key),
      delete: (key) => (failDelete ? Promise.reject(new Error('disk gone')) : inner.delete(key)),
    };
    return { store, setRace: (f: () => Promise<unknown>) => void (race = f) };
  }

  it('a command refused after its blob was written (another attach got there first) deletes that blob', async () => {
    const inner = createMemoryBlobStore();
    const { store, setRace } = racing(inner);
    const { engine, caseId } = await documentEngine({ blobs: store });
    let winner = '';
    setRace(async () => (winner = (await engine.attachDocument(caseId, 'expertReport', { ...doc, name: 'first.pdf' }, { user: ADA })).document.blobKey));
    await expect(engine.attachDocument(caseId, 'expertReport', doc, { user: ADA })).rejects.toMatchObject({ code: 'DocumentExists' });
    expect(inner.keys()).toEqual([winner]);
    expect(((await engine.getCase(caseId)).caseFile['expertReport'] as unknown as DocumentValue).name).toBe('first.pdf');
  });

  it('an orphan the blob store fails to delete is reported to onError; the command fails with its own error', async () => {
    const inner = createMemoryBlobStore();
    const { store, setRace } = racing(inner, true);
    const errors: unknown[] = [];
    const { engine, caseId } = await documentEngine({ blobs: store, onError: (error, context) => errors.push({ message: (error as Error).message, ...context }) });
    setRace(() => engine.attachDocument(caseId, 'photos', { ...doc, name: 'x.pdf' }, { user: ADA }));
    await expect(engine.attachDocument(caseId, 'photos', { ...doc, name: 'x.pdf' }, { user: ADA })).rejects.toMatchObject({ code: 'DocumentExists' });
    expect(inner.size).toBe(2);
    expect(errors).toEqual([{ message: 'disk gone', source: 'document', caseId, itemName: 'photos' }]);
  });
});

describe('documents: blob keys are bound to their case file item', () => {
  it('a key written into the case file by setCaseFile cannot read or delete another case’s blob', async () => {
    const { engine, caseId, blobs } = await documentEngine();
    const victim = await engine.startCase({ user: ADA });
    const { document } = await engine.attachDocument(victim.id, 'expertReport', { name: 'secret.pdf', contentType: 'application/pdf', content: PDF }, { user: ADA });
    await engine.setCaseFile(caseId, { expertReport: { ...document, previousVersions: [] } }, { user: ADA });
    await expect(engine.readDocument(caseId, 'expertReport')).rejects.toMatchObject({ code: 'InvalidBlobKey' });
    await engine.removeDocument(caseId, 'expertReport', { user: ADA });
    expect((blobs as ReturnType<typeof createMemoryBlobStore>).keys()).toEqual([document.blobKey]);
    expect((await bytes((await engine.readDocument(victim.id, 'expertReport')).content)).equals(PDF)).toBe(true);
  });

  it('an altered blob fails the read at the end of its stream', async () => {
    const inner = createMemoryBlobStore();
    let tamper = false;
    const store: BlobStore = { ...inner, put: (c, o) => inner.put(c, o), delete: (k) => inner.delete(k), get: async (k) => (tamper ? (await import('node:stream')).Readable.from([Buffer.from('forged')]) : inner.get(k)) };
    const { engine, caseId } = await documentEngine({ blobs: store });
    await engine.attachDocument(caseId, 'expertReport', { name: 'r.pdf', contentType: 'application/pdf', content: PDF }, { user: ADA });
    tamper = true;
    await expect(bytes((await engine.readDocument(caseId, 'expertReport')).content)).rejects.toMatchObject({ code: 'DocumentIntegrity' });
  });
});
