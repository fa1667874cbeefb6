/**
 * The engine facade's case commands: starting a case, the plan item commands, planning, the case
 * file, documents and the case-level commands — each checked at the input gate, then one
 * `command` through the core.
 */
import { CASE_COMMANDS, PLAN_ITEM_COMMANDS, type CaseCommandName, type PlanItemCommandName, type Values } from '../commands.js';
import type { CommandOptions, CommandResult, StartCaseOptions } from '../engine-options.js';
import { acceptCaseId, acceptName, acceptOneOf, acceptRef, acceptUser, acceptValues } from '../gate.js';
import { caseSnapshot, type CaseSnapshot } from '../queries.js';
import { resolveInstance, resolveDiscretionary, type ItemRef } from '../refs.js';
import type { DocumentCommandResult, DocumentInput, DocumentRead, ReadDocumentOptions } from '../shell/documents.js';
import { EngineCore } from './engine-core.js';

/** Starting cases and commanding them. */
export abstract class CaseCommands extends EngineCore {
  /**
   * Starts a case: the case plan model activates and runs to quiescence.
   *
   * @example
   * const { id, items } = await engine.startCase({ caseFile: { patient: { age: 71 } } });
   */
  async startCase(options: StartCaseOptions = {}): Promise<CaseSnapshot> {
    const checked: StartCaseOptions = {
      ...options,
      caseId: options.caseId === undefined ? undefined : acceptCaseId(options.caseId),
      caseFile: options.caseFile === undefined ? undefined : acceptValues(options.caseFile, 'caseFile', this.limits),
      user: acceptUser(options.user),
      owner: options.owner === undefined ? undefined : acceptName(options.owner, 'owner'),
    };
    const stored = await this.startIn(checked, undefined, { transitions: [] });
    return caseSnapshot(await this.models.compiledFor(stored.state), stored.state, stored.revision);
  }

  /**
   * Applies a plan item command. `target` is an instance id or a ref (id or name of the plan item,
   * `Name#2` for the 2nd instance); with several instances, the one where the command is legal
   * for the user (the oldest if several are).
   *
   * @example
   * await engine.planItemCommand(caseId, 'manualStart', 'Home visit', { user });
   */
  async planItemCommand(caseId: string, transition: PlanItemCommandName, target: ItemRef, options: CommandOptions & { readonly output?: Values } = {}): Promise<CommandResult> {
    const command = acceptOneOf(transition, PLAN_ITEM_COMMANDS, 'command');
    const ref = acceptRef(target, 'target');
    const user = acceptUser(options.user);
    const output = options.output === undefined ? undefined : acceptValues(options.output, 'output', this.limits);
    return this.command(caseId, (current, compiled) => ({
      type: 'planItem',
      transition: command,
      instance: resolveInstance(compiled, current, ref, command, user, this.clock.now(), this.authorization),
      output,
      user,
    }));
  }

  /**
   * Completes an Active task (its output merged into the case file), or manually completes an Active stage.
   *
   * @example
   * await engine.complete(caseId, 'Assess claim', { user, output: { assessment: 'covered' } });
   */
  complete(caseId: string, target: ItemRef, options: CommandOptions & { readonly output?: Values } = {}): Promise<CommandResult> {
    return this.planItemCommand(caseId, 'complete', target, options);
  }

  /** Starts an Enabled task or stage. @example await engine.manualStart(caseId, 'Home visit', { user }); */
  manualStart(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.planItemCommand(caseId, 'manualStart', target, options);
  }

  /** Disables an Enabled task or stage. @example await engine.disable(caseId, 'Home visit', { user }); */
  disable(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.planItemCommand(caseId, 'disable', target, options);
  }

  /** Re-enables a Disabled task or stage. @example await engine.reenable(caseId, 'Home visit', { user }); */
  reenable(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.planItemCommand(caseId, 'reenable', target, options);
  }

  /** Terminates a plan item by user decision. @example await engine.terminate(caseId, 'Home visit', { user }); */
  terminate(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.planItemCommand(caseId, 'terminate', target, options);
  }

  /** Marks an Active task or stage Failed. @example await engine.fault(caseId, 'Pay out', { user }); */
  fault(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.planItemCommand(caseId, 'fault', target, options);
  }

  /** Reactivates a Failed task or stage (its handler runs again). @example await engine.reactivate(caseId, 'Pay out', { user }); */
  reactivate(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.planItemCommand(caseId, 'reactivate', target, options);
  }

  /** Suspends a plan item. @example await engine.suspend(caseId, 'Follow-up', { user }); */
  suspend(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.planItemCommand(caseId, 'suspend', target, options);
  }

  /** Resumes a suspended plan item. @example await engine.resume(caseId, 'Follow-up', { user }); */
  resume(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.planItemCommand(caseId, 'resume', target, options);
  }

  /** Raises a user event listener. @example await engine.occur(caseId, 'Patient withdraws', { user }); */
  occur(caseId: string, target: ItemRef, options: CommandOptions = {}): Promise<CommandResult> {
    return this.planItemCommand(caseId, 'occur', target, options);
  }

  /**
   * Plans a discretionary item (by id or name) into its stage; `in` names the stage or human task
   * whose planning table offers it when several are Active.
   *
   * @example
   * await engine.plan(caseId, 'Home visit', { user: { id: 'cm-lee', roles: ['case manager'] } });
   */
  async plan(caseId: string, item: ItemRef, options: CommandOptions & { readonly in?: ItemRef } = {}): Promise<CommandResult> {
    const ref = acceptRef(item, 'item');
    const stage = options.in === undefined ? undefined : acceptRef(options.in, 'in');
    const user = acceptUser(options.user);
    return this.command(caseId, (current, compiled) => {
      const itemId = resolveDiscretionary(compiled, ref);
      const owner = stage === undefined ? undefined : resolveInstance(compiled, current, stage, undefined);
      return { type: 'plan', item: itemId, owner, user };
    });
  }

  /**
   * Sets case file items (create or update each).
   *
   * @example
   * await engine.setCaseFile(caseId, { assessment: { score: 4 } }, { user });
   */
  async setCaseFile(caseId: string, values: Values, options: CommandOptions = {}): Promise<CommandResult> {
    const checked = acceptValues(values, 'values', this.limits);
    const user = acceptUser(options.user);
    return this.command(caseId, () => ({ type: 'setCaseFile', values: checked, user }));
  }

  /** Deletes a case file item. @example await engine.removeCaseFileItem(caseId, 'draftLetter', { user }); */
  async removeCaseFileItem(caseId: string, name: string, options: CommandOptions = {}): Promise<CommandResult> {
    const item = acceptName(name, 'name');
    const user = acceptUser(options.user);
    return this.command(caseId, () => ({ type: 'removeCaseFileItem', name: item, user }));
  }

  /**
   * Attaches a document to a CMISDocument case file item (raising `create`) or adds it to a
   * CMISFolder item (`addChild`); its content goes to the blob store first (docs/documents.md).
   *
   * @example
   * await engine.attachDocument(caseId, 'expertReport', { name: 'report.pdf', contentType: 'application/pdf', content: Buffer.from(requestBody) }, { user });
   */
  attachDocument(caseId: string, item: string, document: DocumentInput, options: CommandOptions = {}): Promise<CommandResult & DocumentCommandResult> {
    return this.documentService.put('attachDocument', caseId, item, document, options);
  }

  /** Records a new version of a document (`replace`; in a folder, `update`), the earlier ones kept. @example await engine.replaceDocument(caseId, 'expertReport', { name: 'report-v2.pdf', contentType: 'application/pdf', content: Buffer.from(requestBody) }, { user }); */
  replaceDocument(caseId: string, item: string, document: DocumentInput, options: CommandOptions & { readonly name?: string } = {}): Promise<CommandResult & DocumentCommandResult> {
    return this.documentService.put('replaceDocument', caseId, item, document, options);
  }

  /** Removes a document (`delete`; in a folder, `removeChild`) and then its content. @example await engine.removeDocument(caseId, 'photos', { name: 'hall.jpg', user }); */
  removeDocument(caseId: string, item: string, options: CommandOptions & { readonly name?: string } = {}): Promise<CommandResult> {
    return this.documentService.remove(caseId, item, options);
  }

  /** A document's metadata and content (a stream checked against its size and SHA-256). @example const { document, content } = await engine.readDocument(caseId, 'expertReport'); */
  readDocument(caseId: string, item: string, options: ReadDocumentOptions = {}): Promise<DocumentRead> {
    return this.documentService.read(caseId, item, options);
  }

  /**
   * A case-level command: suspend, reactivate, terminate, complete (manual completion) or close.
   *
   * @example
   * await engine.caseCommand(caseId, 'close', { user });
   */
  async caseCommand(caseId: string, transition: CaseCommandName, options: CommandOptions = {}): Promise<CommandResult> {
    const command = acceptOneOf(transition, CASE_COMMANDS, 'command');
    const user = acceptUser(options.user);
    return this.command(caseId, () => ({ type: 'case', transition: command, user }));
  }
}
