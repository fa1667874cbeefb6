/**
 * A reference to an element of another file — a case task's `caseRef`, a process task's
 * `processRef`, a decision task's `decisionRef` — names it by id: as written, after a file prefix
 * (`intake.cmmn#IntakeCase`, as some modelers write references across files), or after a QName
 * prefix (`ns:IntakeCase`, CMMN 1.1 types these as QNames). The linker (validating files
 * together) and the engine (running deployed models) try each, in the same order.
 */

/** The case ids `caseRef` may name, most literal first: as written, without a file prefix, without a QName prefix. */
export function caseRefCandidates(caseRef: string): string[] {
  const out = [caseRef];
  const add = (id: string): void => {
    if (id !== '' && !out.includes(id)) out.push(id);
  };
  const afterFile = caseRef.slice(caseRef.lastIndexOf('#') + 1);
  add(afterFile);
  add(afterFile.slice(afterFile.indexOf(':') + 1));
  return out;
}
