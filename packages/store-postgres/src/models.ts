/**
 * Model versions on PostgreSQL: stored once (the first content of a version stays), loaded, the latest.
 */
import type { StoredModel } from '@casekit/core';
import { assertStorableText } from '@casekit/core/internals';
import type { PostgresPool } from './driver.js';
import type { PostgresStatements } from './statements.js';

interface ModelRow {
  readonly key: string;
  readonly version: number;
  readonly xml: string;
  readonly deployed_at: string;
}

/** Saves and loads model versions. */
export class PostgresModels {
  readonly #pool: PostgresPool;
  readonly #sql: PostgresStatements;

  constructor(pool: PostgresPool, sql: PostgresStatements) {
    this.#pool = pool;
    this.#sql = sql;
  }

  async saveModel(model: { readonly key: string; readonly version: number; readonly xml: string }): Promise<StoredModel> {
    assertStorableText(model.key, 'model');
    assertStorableText(model.xml, 'model');
    const inserted = await this.#pool.query(this.#sql.insertModel, [model.key, model.version, model.xml, Date.now()]);
    const row = (inserted.rows[0] ?? (await this.#pool.query(this.#sql.loadModel, [model.key, model.version])).rows[0]) as ModelRow;
    return toModel(row);
  }

  async loadModel(key: string, version: number): Promise<StoredModel | undefined> {
    assertStorableText(key, 'model key');
    const { rows } = await this.#pool.query(this.#sql.loadModel, [key, version]);
    return rows[0] === undefined ? undefined : toModel(rows[0] as ModelRow);
  }

  async latestModel(key: string): Promise<StoredModel | undefined> {
    assertStorableText(key, 'model key');
    const { rows } = await this.#pool.query(this.#sql.latestModel, [key]);
    return rows[0] === undefined ? undefined : toModel(rows[0] as ModelRow);
  }
}

function toModel(row: ModelRow): StoredModel {
  return { key: row.key, version: row.version, xml: row.xml, deployedAt: Number(row.deployed_at) };
}
