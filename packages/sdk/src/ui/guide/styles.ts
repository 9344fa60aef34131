/**
 * The tooltip's CSS, added to the shadow root's when the guide code first shows a guide.
 * Only a guide moves the host into a modal dialog (`data-in-dialog`), so the rule that
 * hides the launcher and panel there comes with it, not with firstwin.js.
 */
export const css = `
:host([data-in-dialog]) .launcher,:host([data-in-dialog]) .panel{display:none}
.tip{position:fixed;inset:auto;left:0;top:0;margin:0;z-index:var(--firstwin-z);width:max-content;max-width:min(280px,calc(100vw - 16px));padding:12px 14px;border:0;border-radius:10px;background:var(--firstwin-fg);color:var(--firstwin-bg);box-shadow:var(--firstwin-shadow);font-size:14px;line-height:1.4;overflow:visible;animation:fw-in .18s ease-out}
.tip *{color:var(--firstwin-bg)}
.tip h2{margin:0;font-size:15px;overflow-wrap:anywhere}
.tip p{margin:4px 0 8px;overflow-wrap:anywhere}
.tip-close{margin-top:4px;min-height:28px;padding:4px 12px;border:1px solid currentColor;border-radius:6px;background:none;font-size:13px}
.tip :focus-visible{outline-color:var(--firstwin-bg)}
.arrow{position:absolute;width:10px;height:10px;background:var(--firstwin-fg);transform:rotate(45deg)}
`;
