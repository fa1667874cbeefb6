/**
 * The model registry: deployed model versions, their compiled cases, and their copies in the
 * store (so that any process sharing it can run any case). Deploying under an existing key adds a
 * version; running cases keep the version they started with.
 */
import { ModelError, ModelNotDeployedError } from '../../errors.js';
import type { CmmnModel } from '../../model/cmmn-model.js';
import { parseCmmn } from '../../parse/parse-cmmn.js';
import { toCmmnXml } from '../../export/to-cmmn-xml.js';
import type { CaseStore, StoredModel } from '../../store/case-store.js';
import { caseRefCandidates } from '../../model/external-ref.js';
import { compileCase } from '../compile/compile.js';
import type { CompiledCase } from '../compile/compiled-case.js';
import type { CaseInstanceState } from '../state.js';
import type { Profile } from '../profile.js';

/** A deployed model version. */
export interface Deployment {
  readonly key: string;
  readonly version: number;
  readonly model: CmmnModel;
  /** Ids of the `<case>`s it defines. */
  readonly cases: readonly string[];
}

/** Options of a deployment. */
export interface DeployOptions {
  /** The deployment key (default: the definitions' id, else the first case's id). */
  readonly key?: string;
  /** The file name that problems are reported against. */
  readonly fileName?: string;
}

interface Version {
  readonly deployment: Deployment;
  /** Compiled cases by profile and case id (`${profile}/${caseId}`). */
  readonly compiled: Map<string, CompiledCase>;
}

/** A deployment not yet written to the store. */
interface Unsaved {
  readonly key: string;
  readonly version: number;
  readonly source: CmmnModel | string;
}

/** Deployed model versions, known here or loaded from the store. */
export class ModelRegistry {
  /** key → version → it. */
  readonly #versions = new Map<string, Map<number, Version>>();
  /** Deployments waiting to be written to the store. */
  #unsaved: Unsaved[] = [];
  #flushing: Promise<void> | undefined;
  /** Loads of model versions from the store in flight, by `key@version`. */
  readonly #loading = new Map<string, Promise<Version>>();

  constructor(
    private readonly store: CaseStore,
    private readonly maxRetries: number,
    /** The semantic profile its cases are compiled for. */
    private readonly profile: Profile = 'cmmn',
  ) {}

  /** Registers a model version at once; it is written to the store by {@link ModelRegistry.ready}. */
  deploy(model: CmmnModel | string, options: DeployOptions): Deployment {
    const parsed = typeof model === 'string' ? parseCmmn(model, { fileName: options.fileName }) : model;
    const key = options.key ?? defaultKey(parsed);
    const known = this.#versions.get(key);
    const version = known === undefined ? 1 : Math.max(...known.keys()) + 1;
    const { deployment } = this.#register(key, version, parsed);
    this.#unsaved.push({ key, version, source: model });
    return deployment;
  }

  /** Deploys through the store: reuses the latest stored version when its XML is the same, else takes the next free one. */
  async publish(model: CmmnModel | string, options: DeployOptions): Promise<Deployment> {
    await this.ready();
    const parsed = typeof model === 'string' ? parseCmmn(model, { fileName: options.fileName }) : model;
    const key = options.key ?? defaultKey(parsed);
    const xml = typeof model === 'string' ? model : toCmmnXml(parsed);
    for (let attempt = 0; ; attempt++) {
      const latest = await this.store.latestModel(key);
      const local = this.#versions.get(key);
      if (latest !== undefined && latest.xml === xml) {
        return (local?.get(latest.version) ?? this.#register(key, latest.version, parsed)).deployment;
      }
      const version = Math.max(latest?.version ?? 0, ...(local?.keys() ?? [])) + 1;
      const stored = await this.store.saveModel({ key, version, xml });
      if (stored.xml === xml) return this.#register(key, version, parsed).deployment;
      if (attempt >= this.maxRetries) {
        throw new ModelError([], undefined, `could not publish model ${key}: other processes keep taking the next version`);
      }
    }
  }

  /** A deployed model version (default: the latest), loaded from the store when another process deployed it. */
  async deployment(key: string, version?: number): Promise<Deployment> {
    await this.ready();
    if (version !== undefined) return (await this.#version(key, version)).deployment;
    const latest = await this.store.latestModel(key);
    const local = this.#versions.get(key);
    const localLatest = local === undefined ? 0 : Math.max(...local.keys());
    if (latest === undefined || latest.version <= localLatest) {
      if (local === undefined) throw new ModelNotDeployedError(key, this.#deployedKeys(), `model ${key} is not deployed`);
      return local.get(localLatest)!.deployment;
    }
    return (await this.#version(key, latest.version, latest)).deployment;
  }

  /** Deployments known here, latest version of each key. */
  deployments(): readonly Deployment[] {
    return [...this.#versions.values()].map((versions) => versions.get(Math.max(...versions.keys()))!.deployment);
  }

  #deployedKeys(): string[] {
    return this.deployments().map((d) => `${d.key}@${d.version}`);
  }

  #register(key: string, version: number, model: CmmnModel): Version {
    const cases = model.definitions.cases.map((c) => c.id).filter((id): id is NonNullable<typeof id> => id !== undefined);
    const deployment: Deployment = Object.freeze({ key, version, model, cases });
    const entry: Version = { deployment, compiled: new Map() };
    let versions = this.#versions.get(key);
    if (versions === undefined) this.#versions.set(key, (versions = new Map()));
    versions.set(version, entry);
    return entry;
  }

  /** A model version known here, or loaded from the store (once, however many ask at a time). */
  async #version(key: string, version: number, known?: StoredModel): Promise<Version> {
    const local = this.#versions.get(key)?.get(version);
    if (local !== undefined) return local;
    const id = `${key}@${version}`;
    let loading = this.#loading.get(id);
    if (loading === undefined) {
      loading = (async () => {
        const stored = known ?? (await this.store.loadModel(key, version));
        if (stored === undefined) throw new ModelNotDeployedError(id, this.#deployedKeys(), `model ${key} version ${version} is not deployed here nor stored`);
        return this.#versions.get(key)?.get(version) ?? this.#register(key, version, parseCmmn(stored.xml, { fileName: id }));
      })();
      this.#loading.set(id, loading);
      void loading.finally(() => this.#loading.delete(id)).catch(() => undefined);
    }
    return loading;
  }

  /** The compiled case a stored case runs, loading its model version from the store when this engine does not know it. */
  async compiledFor(state: CaseInstanceState): Promise<CompiledCase> {
    const { modelKey, modelVersion, caseId } = state.definition;
    if (this.#versions.get(modelKey)?.has(modelVersion) !== true) await this.#version(modelKey, modelVersion);
    return this.compiled(modelKey, modelVersion, caseId);
  }

  /** The compiled form of a case of a deployment known here (cached per model version and profile). */
  compiled(modelKey: string, modelVersion: number, caseId: string): CompiledCase {
    const version = this.#versions.get(modelKey)?.get(modelVersion);
    if (version === undefined) {
      throw new ModelNotDeployedError(
        `${modelKey}@${modelVersion}`,
        this.#deployedKeys(),
        `model ${modelKey} version ${modelVersion} is not deployed here (\`await engine.deployment(key, version)\` loads it from the store)`,
      );
    }
    const cacheKey = `${this.profile}/${caseId}`;
    let compiled = version.compiled.get(cacheKey);
    if (compiled === undefined) {
      const caseElement = version.deployment.model.definitions.cases.find((c) => c.id === caseId);
      if (caseElement === undefined) {
        throw new ModelNotDeployedError(`${modelKey}@${modelVersion}/${caseId}`, version.deployment.cases, `model ${modelKey} version ${modelVersion} defines no case ${caseId}`);
      }
      // A caseRef naming a case of another deployment is not a draft here: the engine starts it from there.
      const externalCases = new Set(this.deployments().flatMap((d) => d.cases));
      compiled = compileCase(version.deployment.model, caseElement, { profile: this.profile, externalCases });
      version.compiled.set(cacheKey, compiled);
    }
    return compiled;
  }

  /** The deployment and case a new case runs: by case id or name, in a key or in every deployment. */
  findDefinition(caseDefinition: string | undefined, modelKey: string | undefined): { deployment: Deployment; caseId: string } {
    if (modelKey !== undefined && !this.#versions.has(modelKey)) {
      throw new ModelNotDeployedError(modelKey, this.#deployedKeys(), `no model is deployed under the key "${modelKey}"`);
    }
    const candidates: { deployment: Deployment; caseId: string }[] = [];
    for (const deployment of this.deployments()) {
      if (modelKey !== undefined && deployment.key !== modelKey) continue;
      for (const c of deployment.model.definitions.cases) {
        if (c.id === undefined) continue;
        if (caseDefinition === undefined || c.id === caseDefinition || c.name === caseDefinition) candidates.push({ deployment, caseId: c.id });
      }
    }
    if (candidates.length === 1) return candidates[0]!;
    const what = caseDefinition === undefined ? 'a case' : `case "${caseDefinition}"`;
    const where = modelKey === undefined ? 'no deployed model' : `model ${modelKey}`;
    const cases = this.deployments().flatMap((d) => d.cases.map((c) => `${d.key}/${c}`));
    if (candidates.length === 0) throw new ModelNotDeployedError(caseDefinition ?? modelKey ?? '(any case)', cases, `${where} defines ${what}`);
    throw new ModelError([], undefined, `several deployed cases match ${what}: ${candidates.map((c) => `${c.deployment.key}/${c.caseId}`).join(', ')}; name one`);
  }

  /**
   * The deployment and case a case task's `caseRef` names: a case of the parent's own model version
   * (`from`) when it defines one, else one of any deployment; by id (or name) as written, else
   * without a file prefix (`intake.cmmn#Intake`), else without a QName prefix.
   */
  findCaseRef(caseRef: string, from?: { readonly modelKey: string; readonly modelVersion: number }): { deployment: Deployment; caseId: string } {
    const own = from === undefined ? undefined : this.#versions.get(from.modelKey)?.get(from.modelVersion)?.deployment;
    const candidates = caseRefCandidates(caseRef);
    for (const candidate of candidates) if (own?.cases.includes(candidate)) return { deployment: own, caseId: candidate };
    let missing: unknown;
    for (const candidate of candidates) {
      try {
        return this.findDefinition(candidate, undefined);
      } catch (error) {
        if (!(error instanceof ModelNotDeployedError)) throw error;
        missing ??= error;
      }
    }
    throw missing;
  }

  /** New cases start on the latest version: loads the versions other processes published since (for `modelKey`, or every key known). */
  async refreshLatest(modelKey: string | undefined): Promise<void> {
    const keys = modelKey === undefined ? [...this.#versions.keys()] : [modelKey];
    await Promise.all(
      keys.map(async (key) => {
        const latest = await this.store.latestModel(key);
        if (latest !== undefined) await this.#version(key, latest.version, latest);
      }),
    );
  }

  /** Writes the deployments made with {@link ModelRegistry.deploy} to the store (once each). */
  ready(): Promise<void> {
    if (this.#unsaved.length === 0) return this.#flushing ?? Promise.resolve();
    this.#flushing ??= (async () => {
      try {
        while (this.#unsaved.length > 0) {
          const next = this.#unsaved[0]!;
          const xml = typeof next.source === 'string' ? next.source : toCmmnXml(next.source);
          const stored = await this.store.saveModel({ key: next.key, version: next.version, xml });
          this.#unsaved.shift();
          if (stored.xml !== xml) {
            throw new ModelError(
              [],
              undefined,
              `model ${next.key} version ${next.version} is stored with other content (deployed by another process?); ` +
                'with a shared store, deploy with `await engine.publish(model, { key })`, which takes the next free version',
            );
          }
        }
      } finally {
        this.#flushing = undefined;
      }
    })();
    return this.#flushing;
  }
}

/** The deployment key of a model deployed without one. */
function defaultKey(model: CmmnModel): string {
  return model.definitions.id ?? model.definitions.cases.find((c) => c.id !== undefined)?.id ?? 'model';
}
