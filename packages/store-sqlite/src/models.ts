/**
 * Model versions on SQLite: stored once (the first content of a version stays), loaded, the latest.
 */
import type { StoredModel } from '@casekit/core';
import { assertStorableText } from '@casekit/core/internals';
import type { SqliteContext } from './context.js';
import type { SqliteStatements } from './statements.js';

interface ModelRow {
  readonly key: string;
  readonly version: number;
  readonly xml: string;
  readonly deployed_at: number;
}

/** Saves and loads model versions. */
export class SqliteModels {
  readonly #s: SqliteStatements;
  readonly #write: SqliteContext['queue']['write'];

  constructor(context: SqliteContext) {
    this.#s = context.s;
    this.#write = (body) => context.queue.write(body);
  }

  async saveModel(model: { readonly key: string; readonly version: number; readonly xml: string }): Promise<StoredModel> {
    assertStorableText(model.key, 'model');
    assertStorableText(model.xml, 'model');
    return this.#write(() => {
      this.#s.insertModel.run(model.key, model.version, model.xml, Date.now());
      return toModel(this.#s.loadModel.get(model.key, model.version) as ModelRow);
    });
  }

  async loadModel(key: string, version: number): Promise<StoredModel | undefined> {
    const row = this.#s.loadModel.get(key, version) as ModelRow | undefined;
    return row === undefined ? undefined : toModel(row);
  }

  async latestModel(key: string): Promise<StoredModel | undefined> {
    const row = this.#s.latestModel.get(key) as ModelRow | undefined;
    return row === undefined ? undefined : toModel(row);
  }
}

function toModel(row: ModelRow): StoredModel {
  return { key: row.key, version: row.version, xml: row.xml, deployedAt: row.deployed_at };
}
