/** The model and engine the document tests share. */
import { createEngine, createMemoryBlobStore, VirtualClock, type BlobStore, type CaseEngine, type CaseStore, type DocumentOptions, type EngineOptions } from '../../src/index.js';

export const DOCUMENTS_MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" id="defs_docs" targetNamespace="http://casekit.dev/test/documents">
  <caseFileItemDefinition id="def_doc" name="Document" definitionType="http://www.omg.org/spec/CMMN/DefinitionType/CMISDocument"/>
  <caseFileItemDefinition id="def_folder" name="Folder" definitionType="http://www.omg.org/spec/CMMN/DefinitionType/CMISFolder"/>
  <case id="claim" name="Claim">
    <caseFileModel>
      <caseFileItem id="cfi_report" name="expertReport" multiplicity="ZeroOrOne" definitionRef="def_doc"/>
      <caseFileItem id="cfi_photos" name="photos" multiplicity="ZeroOrOne" definitionRef="def_folder"/>
      <caseFileItem id="cfi_dossier" name="dossier" multiplicity="ZeroOrOne" definitionRef="def_folder">
        <children>
          <caseFileItem id="cfi_medical" name="medicalReport" multiplicity="ZeroOrOne" definitionRef="def_doc"/>
        </children>
      </caseFileItem>
      <caseFileItem id="cfi_amount" name="amount" multiplicity="ZeroOrOne"/>
    </caseFileModel>
    <casePlanModel id="plan" name="Claim">
      <planItem id="pi_review" name="Review expert report" definitionRef="t_review"><entryCriterion id="ec_review" sentryRef="s_report"/></planItem>
      <planItem id="pi_recheck" name="Recheck report" definitionRef="t_recheck"><entryCriterion id="ec_recheck" sentryRef="s_replaced"/></planItem>
      <planItem id="pi_withdrawn" name="Report withdrawn" definitionRef="m_withdrawn"><entryCriterion id="ec_withdrawn" sentryRef="s_deleted"/></planItem>
      <planItem id="pi_look" name="Look at photos" definitionRef="t_look"><entryCriterion id="ec_look" sentryRef="s_photo"/></planItem>
      <planItem id="pi_keep" name="Keep open" definitionRef="t_keep"/>
      <sentry id="s_report"><caseFileItemOnPart id="op_report" sourceRef="cfi_report"><standardEvent>create</standardEvent></caseFileItemOnPart></sentry>
      <sentry id="s_replaced"><caseFileItemOnPart id="op_replaced" sourceRef="cfi_report"><standardEvent>replace</standardEvent></caseFileItemOnPart></sentry>
      <sentry id="s_deleted"><caseFileItemOnPart id="op_deleted" sourceRef="cfi_report"><standardEvent>delete</standardEvent></caseFileItemOnPart></sentry>
      <sentry id="s_photo"><caseFileItemOnPart id="op_photo" sourceRef="cfi_photos"><standardEvent>addChild</standardEvent></caseFileItemOnPart></sentry>
      <humanTask id="t_review" name="Review expert report"/>
      <humanTask id="t_recheck" name="Recheck report"/>
      <humanTask id="t_look" name="Look at photos"/>
      <humanTask id="t_keep" name="Keep open"/>
      <milestone id="m_withdrawn" name="Report withdrawn"/>
    </casePlanModel>
  </case>
</definitions>`;

export const ADA = { id: 'ada', roles: [] as string[] };
export const PDF = Buffer.from('%PDF-1.7 the expert report: electrical fault in the oven, estimate 21500');

/** An engine on the document model, with a memory blob store unless one is given. */
export async function documentEngine(options: { blobs?: BlobStore; store?: CaseStore; documents?: Omit<DocumentOptions, 'blobStore'>; authorization?: 'none'; onError?: EngineOptions['onError'] } = {}) {
  const blobs = options.blobs ?? createMemoryBlobStore();
  let n = 0;
  const clock = new VirtualClock('2026-11-02T08:00:00Z');
  const engine: CaseEngine = createEngine({
    clock,
    idGenerator: () => `id${++n}`,
    ...(options.store === undefined ? {} : { store: options.store }),
    authorization: options.authorization ?? { trustUserRoles: true },
    documents: { ...options.documents, blobStore: blobs },
    ...(options.onError === undefined ? {} : { onError: options.onError }),
  });
  await engine.deploy(DOCUMENTS_MODEL, { key: 'docs' });
  const { id } = await engine.startCase({ user: ADA });
  return { engine, blobs, clock, caseId: id };
}

/** Reads a stream to a Buffer. */
export async function bytes(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** A stream of `n` chunks of `size` bytes each. */
export async function* chunks(n: number, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < n; i++) yield Buffer.alloc(size, 0x61 + (i % 26));
}
