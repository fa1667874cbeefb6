/**
 * The inspector's stylesheet and its one small script, served as files so that the pages run
 * under a strict Content-Security-Policy (no inline script or style).
 */

/** The stylesheet. */
export const CSS = `
:root { --ink: #1d2430; --muted: #5b6573; --line: #d6dbe1; --bg: #f6f7f9; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 Arial, Helvetica, 'Liberation Sans', sans-serif; color: var(--ink); background: var(--bg); }
header.top { display: flex; gap: 1.5rem; align-items: baseline; padding: .7rem 1.2rem; background: #1d2430; color: #fff; }
header.top a { color: #fff; text-decoration: none; }
header.top .brand { font-weight: bold; font-size: 1.05rem; }
header.top .user { margin-left: auto; color: #c9d1dc; }
main { padding: 1rem 1.2rem 3rem; max-width: 1500px; }
h1 { font-size: 1.35rem; margin: .2rem 0 .8rem; }
h2 { font-size: 1.05rem; margin: 1.4rem 0 .5rem; }
a { color: var(--accent); }
table { border-collapse: collapse; background: #fff; border: 1px solid var(--line); }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef1f4; font-weight: 600; }
form.inline { display: inline; margin: 0; }
button { font: inherit; padding: .2rem .65rem; border: 1px solid #8a94a3; border-radius: 4px; background: #fff; cursor: pointer; }
button:hover { background: #eef1f4; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
.notice { padding: .5rem .8rem; border-radius: 4px; margin: .5rem 0 1rem; }
.notice.ok { background: #d4efe6; border: 1px solid #009E73; }
.notice.error { background: #fbe3d3; border: 1px solid #D55E00; }
.state { display: inline-block; padding: 0 .45rem; border-radius: 3px; font-size: .8rem; border: 2px solid; }
.state-Available { border-color: #56B4E9; } .state-Enabled { border-color: #E69F00; border-style: dashed; }
.state-Active { border-color: #0072B2; background: #0072B2; color: #fff; } .state-Suspended { border-color: #F0E442; background: #fcf8c8; }
.state-Completed { border-color: #009E73; background: #d4efe6; } .state-Terminated { border-color: #D55E00; border-style: double; border-width: 3px; }
.state-Failed { border-color: #CC79A7; background: #f4e1ec; } .state-Disabled { border-color: #8c8c8c; color: #5b5b5b; }
.state-Closed { border-color: #5b6573; }
.layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(320px, 2fr); gap: 1.2rem; align-items: start; }
.panel { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .8rem 1rem; margin-bottom: 1rem; }
.diagram { overflow: auto; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
.diagram svg { display: block; max-width: 100%; height: auto; }
.diagram svg .ck-item, .diagram svg .ck-criterion { cursor: pointer; }
ul.tree { list-style: none; padding-left: 1.1rem; margin: .2rem 0; }
ul.tree.root { padding-left: 0; }
ul.tree li { margin: .15rem 0; }
ul.tree li.highlight > .node { outline: 2px solid #E69F00; outline-offset: 2px; }
.node .kind { color: var(--muted); font-size: .8rem; }
.why { color: var(--muted); font-size: .85rem; margin: .1rem 0 .2rem 1rem; }
.why ul { margin: .1rem 0; padding-left: 1.1rem; }
.yes { color: #00704f; } .no { color: #a34700; }
.actions li { margin: .3rem 0; }
ol.timeline { list-style: none; padding: 0; margin: 0; font-size: .85rem; }
ol.timeline li { padding: .2rem 0; border-bottom: 1px dotted var(--line); }
ol.timeline time { color: var(--muted); margin-right: .5rem; font-variant-numeric: tabular-nums; }
textarea { width: 100%; min-height: 12rem; font: 12px/1.4 ui-monospace, 'DejaVu Sans Mono', monospace; }
.json-status { font-size: .85rem; margin-left: .5rem; }
.filters { display: flex; gap: .8rem; align-items: end; margin-bottom: .8rem; }
.filters label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); }
.empty { color: var(--muted); font-style: italic; }
`;

/**
 * The script: the case file editor checks its JSON before it is sent; a click on a diagram shape
 * highlights the item in the plan tree. Everything works without it.
 */
export const JS = `
(function () {
  var editor = document.getElementById('case-file-json');
  if (editor) {
    var status = document.getElementById('case-file-status');
    var submit = document.getElementById('case-file-submit');
    var check = function () {
      try {
        var value = JSON.parse(editor.value);
        if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('an object of case file items is expected');
        status.textContent = 'valid JSON';
        status.className = 'json-status yes';
        submit.disabled = false;
      } catch (e) {
        status.textContent = e.message;
        status.className = 'json-status no';
        submit.disabled = true;
      }
    };
    editor.addEventListener('input', check);
    check();
  }
  var diagram = document.querySelector('.diagram svg');
  if (diagram) {
    diagram.addEventListener('click', function (event) {
      var target = event.target.closest('[data-element]');
      if (!target) return;
      var id = target.getAttribute('data-element');
      document.querySelectorAll('ul.tree li.highlight').forEach(function (li) { li.classList.remove('highlight'); });
      var rows = document.querySelectorAll('ul.tree li[data-item]');
      for (var i = 0; i < rows.length; i++) {
        if (rows[i].getAttribute('data-item') === id) {
          rows[i].classList.add('highlight');
          rows[i].scrollIntoView({ block: 'nearest' });
        }
      }
    });
  }
})();
`;
