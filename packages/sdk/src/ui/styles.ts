/**
 * Everything lives in our shadow root: page CSS cannot reach in, ours cannot leak out.
 * The defaults sit on `:host`, so the page's own `firstwin-app { --firstwin-accent: … }`
 * (outer rules beat `:host`) and `init({ theme })` (inline) both override them.
 */
export const css = `
:host{all:initial;--firstwin-accent:#4f46e5;--firstwin-accent-fg:#fff;--firstwin-bg:#fff;--firstwin-fg:#1f2937;--firstwin-muted:#6b7280;--firstwin-border:#e5e7eb;--firstwin-success-bg:#ecfdf5;--firstwin-success-fg:#065f46;--firstwin-accent-soft:#eef2ff;--firstwin-accent-strong:#3730a3;--firstwin-radius:12px;--firstwin-font:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;--firstwin-z:2147483000;--firstwin-shadow:0 10px 30px rgba(0,0,0,.18)}
*{box-sizing:border-box;font-family:var(--firstwin-font);color:var(--firstwin-fg)}
button,a{font:inherit;cursor:pointer}
button{min-width:24px;min-height:24px}
:focus-visible{outline:3px solid var(--firstwin-accent);outline-offset:2px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.launcher{position:fixed;right:20px;bottom:20px;z-index:var(--firstwin-z);display:flex;gap:10px;align-items:center;max-width:calc(100vw - 40px);padding:10px 16px;border:0;border-radius:999px;background:var(--firstwin-accent);color:var(--firstwin-accent-fg);box-shadow:var(--firstwin-shadow);font-size:14px;font-weight:600;transition:transform .15s}
.launcher:hover{transform:translateY(-1px)}
.launcher *{color:inherit}
.title{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.count{flex:none;padding:2px 8px;border-radius:999px;background:rgba(0,0,0,.18);font-size:13px}
.celebrate{animation:fw-pop .6s ease-out 2}
.panel{position:fixed;right:20px;bottom:20px;z-index:var(--firstwin-z);width:min(360px,calc(100vw - 40px));max-height:calc(100vh - 40px);overflow:auto;padding:18px;border:1px solid var(--firstwin-border);border-radius:var(--firstwin-radius);background:var(--firstwin-bg);box-shadow:var(--firstwin-shadow);font-size:14px;line-height:1.45;animation:fw-in .18s ease-out}
.head{display:flex;align-items:start;justify-content:space-between;gap:8px}
h2{margin:0;font-size:17px;overflow-wrap:anywhere}
.x{flex:none;width:32px;height:32px;border:0;background:none;font-size:22px;line-height:1;padding:0;border-radius:6px;color:var(--firstwin-muted)}
.progress{margin:10px 0 4px;color:var(--firstwin-muted);font-size:13px}
.bar{height:6px;border-radius:3px;background:var(--firstwin-border);overflow:hidden;margin-bottom:12px}
.bar>i{display:block;height:100%;background:var(--firstwin-accent);transition:width .3s}
ul{list-style:none;margin:0;padding:0}
li{display:grid;grid-template-columns:24px 1fr auto;gap:4px 10px;align-items:start;padding:10px 0;border-top:1px solid var(--firstwin-border)}
input{width:22px;height:22px;margin:0;accent-color:var(--firstwin-accent);cursor:pointer}
input[aria-readonly=true]{cursor:default}
label{font-weight:600;overflow-wrap:anywhere}
li.done label{color:var(--firstwin-muted);text-decoration:line-through}
.desc{grid-column:2/4;margin:0;color:var(--firstwin-muted);font-size:13px;overflow-wrap:anywhere}
.tag{grid-column:2/4;justify-self:start;margin:0;padding:0 8px;border-radius:999px;background:var(--firstwin-accent-soft);color:var(--firstwin-accent-strong);font-size:13px;font-weight:600}
.win{margin:0 0 10px;font-weight:600}
.won{padding:8px 10px;border-radius:8px;background:var(--firstwin-success-bg);color:var(--firstwin-success-fg)}
.go{display:inline-block;min-height:28px;padding:4px 10px;border:1px solid var(--firstwin-accent);border-radius:6px;background:none;color:var(--firstwin-accent);font-size:13px;line-height:18px;text-decoration:none;white-space:nowrap}
.all-done{margin:12px 0 0;padding:10px;border-radius:8px;background:var(--firstwin-success-bg);color:var(--firstwin-success-fg);font-weight:600}
.just{animation:fw-in .4s ease-out}
.foot{margin-top:12px;text-align:right}
.dismiss{padding:2px 4px;border:0;background:none;color:var(--firstwin-muted);font-size:13px;text-decoration:underline}
@keyframes fw-in{from{opacity:0;transform:translateY(6px)}to{opacity:1;transform:none}}
@keyframes fw-pop{50%{transform:scale(1.06)}}
@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important}}
`;
