/** The widget's style sheet, scoped by its shadow root: the host page's CSS cannot reach in and this
 * cannot leak out. */
export function styles(accent: string | null): string {
  return `
:host{all:initial}
*{box-sizing:border-box;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.root{--a:${accent ?? '#4f46e5'};position:fixed;right:20px;bottom:20px;z-index:2147483000;color:#111827;font-size:15px;line-height:1.4}
button{font:inherit;cursor:pointer}
.launcher{width:60px;height:60px;border-radius:50%;border:0;background:var(--a);color:#fff;box-shadow:0 6px 24px rgba(0,0,0,.25);display:flex;align-items:center;justify-content:center;position:relative}
.launcher:focus-visible,.close:focus-visible,.send:focus-visible,.qr:focus-visible,.link:focus-visible,.retry:focus-visible{outline:3px solid #93c5fd;outline-offset:2px}
.launcher svg,.send svg{width:28px;height:28px;fill:currentColor}
.dot{position:absolute;top:4px;right:4px;width:14px;height:14px;border-radius:50%;background:#ef4444;border:2px solid #fff}
.panel{position:absolute;right:0;bottom:76px;width:380px;height:560px;max-height:calc(100vh - 110px);background:#fff;border-radius:16px;box-shadow:0 12px 48px rgba(0,0,0,.28);display:flex;flex-direction:column;overflow:hidden}
.panel[hidden]{display:none}
.panel:focus{outline:none}
header{background:var(--a);color:#fff;padding:14px 16px;display:flex;align-items:center;gap:8px}
h2{margin:0;font-size:17px;font-weight:600;flex:1;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.close{background:transparent;border:0;color:#fff;font-size:26px;line-height:1;width:36px;height:36px;border-radius:8px}
.status{background:#fef3c7;color:#92400e;font-size:13px;padding:6px 12px}
.status:empty{display:none}
.log{flex:1;overflow-y:auto;padding:14px;display:flex;flex-direction:column;gap:8px;background:#f9fafb}
.intro{margin:0 0 4px;color:#4b5563;font-size:14px;text-align:center}
.msg{display:flex;flex-direction:column;max-width:85%;gap:6px}
.msg.in{align-self:flex-end;align-items:flex-end}
.msg.out{align-self:flex-start;align-items:flex-start}
.bubble{padding:9px 13px;border-radius:16px;white-space:pre-wrap;overflow-wrap:anywhere;background:#fff;border:1px solid #e5e7eb}
.in .bubble{background:var(--a);color:#fff;border-color:transparent}
.in .bubble a{color:inherit}
.pending .bubble{opacity:.65}
.failed .bubble{background:#fee2e2;color:#991b1b}
.media{max-width:240px;max-height:240px;border-radius:12px;display:block}
.buttons{display:flex;flex-wrap:wrap;gap:6px}
.qr,.link{border:1px solid var(--a);color:var(--a);background:#fff;border-radius:18px;padding:6px 12px;font-size:14px;text-decoration:none}
.link{background:var(--a);color:#fff;font-weight:600}
.retry{background:none;border:0;color:#b91c1c;font-size:12px;padding:0;text-decoration:underline}
.typing{align-self:flex-start;padding:10px 14px;background:#fff;border:1px solid #e5e7eb;border-radius:16px;display:flex;gap:4px}
.typing[hidden]{display:none}
.typing i{width:7px;height:7px;border-radius:50%;background:#9ca3af;animation:b 1.2s infinite ease-in-out}
.typing i:nth-child(2){animation-delay:.2s}.typing i:nth-child(3){animation-delay:.4s}
@keyframes b{0%,80%,100%{opacity:.3}40%{opacity:1}}
@media (prefers-reduced-motion:reduce){.typing i{animation:none}}
form{display:flex;gap:8px;padding:10px;border-top:1px solid #e5e7eb;background:#fff}
textarea{flex:1;resize:none;border:1px solid #d1d5db;border-radius:12px;padding:9px 12px;font:inherit;font-size:16px;max-height:120px;min-height:42px;color:#111827;background:#fff}
textarea:focus{outline:2px solid var(--a);outline-offset:-1px}
.send{border:0;border-radius:12px;background:var(--a);color:#fff;width:46px;display:flex;align-items:center;justify-content:center}
.send:disabled{opacity:.5;cursor:default}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:480px){

.root.open .launcher{display:none}
.panel{position:fixed;inset:0;width:100%;height:100%;max-height:none;border-radius:0}
}
`;
}
