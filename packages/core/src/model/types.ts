/**
 * The typed CMMN 1.1 model. Names follow the specification (OMG formal/16-12-01) and its XSD:
 * each node's `kind` is the XSD type name without the `t` prefix. Every reference is available
 * twice: as the id written in the file (`definitionRef`) and resolved to the element it names
 * (`definition`), so callers never look ids up themselves.
 *
 * The model is immutable: `parseCmmn` and the builder freeze it.
 *
 * This module gathers the model's types, one file per part of the specification: ids, XML kept
 * verbatim, the element base, the case file, roles, parameters, processes and decisions, plan
 * item controls, the case plan, the definitions root with every element, and diagram interchange.
 *
 * @module
 */
export * from './ids.js';
export * from './xml.js';
export * from './element.js';
export * from './case-file.js';
export * from './roles.js';
export * from './parameters.js';
export * from './processes-decisions.js';
export * from './plan-item-control.js';
export * from './case-plan.js';
export * from './plan-item-kinds.js';
export * from './definitions.js';
export * from './diagram-interchange.js';
