/**
 * casekit render: CMMN 1.1 diagrams as SVG, from the model's CMMNDI or a computed layout, with
 * the live state of a running case. Pure TypeScript: no DOM, no browser.
 *
 * @packageDocumentation
 */
export { renderSvg } from './render-svg.js';
export { RenderError, type RenderOptions } from './render-options.js';
export { caseFromHistory, type LiveCase, type LiveInstance } from './live.js';
export { STATE_STYLES, STATE_ORDER, type StateStyle } from './states.js';
export { measureText, wrapText, FONT_FAMILY } from './text.js';
export { escapeXml } from './xml.js';
