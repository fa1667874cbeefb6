/**
 * casekit inspector: server-rendered pages over a case engine — the cases, one case with its live
 * diagram, plan tree, commands, case file and history, and a user's work list — as a `node:http`
 * request handler a host mounts in its own server.
 *
 * @packageDocumentation
 */
export { createInspector, type InspectorOptions, type InspectorHandler } from './handler.js';
export { whyNotActive, type WhyNot, type CriterionStatus, type OnPartStatus, type IfPartStatus } from './why-not.js';
export { escapeHtml } from './html.js';
