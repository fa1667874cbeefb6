import { resolve } from 'node:path';
import { InputFileError } from '@casekit/testing';
import { safeParseCmmn, type CmmnModel, type ExternalDefinitions, type ParseResult } from '@casekit/core';
import { FILE_UNREADABLE, type CliProblem } from './format/problems.js';
import type { Console } from './io.js';

/** One file named on the command line, read and parsed. */
export interface LoadedFile {
  /** The file as named on the command line (relative paths stay relative in messages). */
  readonly file: string;
  /** The parse result; undefined when the file could not be read. */
  readonly result: ParseResult | undefined;
  /** Every problem: the parser's, or the one `FileUnreadable`. */
  readonly problems: readonly CliProblem[];
}

/** The ids of the cases, processes and decisions a file defines. */
interface DefinedIds {
  readonly cases: readonly string[];
  readonly processes: readonly string[];
  readonly decisions: readonly string[];
}

const NONE: DefinedIds = { cases: [], processes: [], decisions: [] };

function definedIds(model: CmmnModel): DefinedIds {
  const ids = (elements: readonly { readonly id: string | undefined }[]): string[] =>
    elements.flatMap((e) => (e.id === undefined ? [] : [e.id]));
  const { cases, processes, decisions } = model.definitions;
  return { cases: ids(cases), processes: ids(processes), decisions: ids(decisions) };
}

/** Why a file could not be read, in one line: the bounded reader's reason, or an injected reader's message. */
function readFailure(error: unknown): string {
  if (error instanceof InputFileError) return `cannot read the file: ${error.reason}`;
  return `cannot read the file: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * Reads and parses files validated together. A caseRef, processRef or decisionRef naming a case,
 * process or decision of another of these files is resolved: a first pass collects the ids each
 * file defines (files with errors contribute none), then each file that has unresolved external
 * references is parsed again with the other files' ids as `externals`.
 */
export async function loadFiles(files: readonly string[], console: Console): Promise<LoadedFile[]> {
  const texts = await Promise.all(
    files.map(async (file) => {
      try {
        return { text: await console.readFile(resolve(console.cwd, file)) };
      } catch (error) {
        return { error: readFailure(error) };
      }
    }),
  );
  const first = texts.map((t, i) => (t.text === undefined ? undefined : safeParseCmmn(t.text, { fileName: files[i] })));
  const defined = first.map((r) => (r?.success === true ? definedIds(r.model) : NONE));

  return files.map((file, i): LoadedFile => {
    const read = texts[i]!;
    let result = first[i];
    if (result === undefined || read.text === undefined) {
      const problem: CliProblem = {
        code: FILE_UNREADABLE,
        severity: 'error',
        message: read.error ?? 'cannot read the file',
        elementId: undefined,
        line: undefined,
        column: undefined,
      };
      return { file, result: undefined, problems: [problem] };
    }
    if (files.length > 1 && result.problems.some((p) => p.code === 'UnresolvedExternalReference')) {
      result = safeParseCmmn(read.text, { fileName: file, externals: othersThan(i, defined) });
    }
    return { file, result, problems: result.problems };
  });
}

function othersThan(index: number, defined: readonly DefinedIds[]): ExternalDefinitions {
  const others = defined.filter((_, j) => j !== index);
  return {
    cases: others.flatMap((d) => d.cases),
    processes: others.flatMap((d) => d.processes),
    decisions: others.flatMap((d) => d.decisions),
  };
}
