/**
 * The phone page's stylesheet and its one small script, served from the district
 * itself (the page's CSP allows nothing else). Elder-friendly on a phone: body
 * text 24 px and up, the number very large, every link a 60 px target with 12 px
 * between, and text contrast of at least 7:1.
 */

/**
 * What both phone pages (following a ticket, booking) start from: the page's type,
 * 24 px body text in a Chinese font and a phone-wide column.
 */
export const PHONE_BASE_CSS = `
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; padding: 16px; background: #ffffff; color: #111111;
  font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif;
  font-size: 24px; line-height: 1.5; overflow-wrap: break-word;
}
/* Noto Sans CJK SC draws ’ “ ” full-width; its proportional forms have Latin widths. */
:lang(en) { font-variant-east-asian: proportional-width; }
:lang(zh-Hant) { font-family: "Noto Sans CJK TC", "Noto Sans TC", "PingFang TC", "Microsoft JhengHei", system-ui, sans-serif; }
header, main, footer { max-width: 640px; margin: 0 auto; }
h1 { font-size: 32px; margin: 0 0 8px; }
`;

export const FOLLOW_CSS = `${PHONE_BASE_CSS}h2 { font-size: 36px; margin: 8px 0; }
p { margin: 8px 0; }
.station { font-size: 24px; margin: 0; }
.label { font-size: 28px; margin-top: 16px; }
.number { font-size: 104px; font-weight: 700; line-height: 1.1; margin: 0; letter-spacing: 0.04em; }
.service { font-size: 28px; font-weight: 700; }
.state { margin-top: 16px; padding: 16px; border: 3px solid #111111; border-radius: 12px; }
.ahead { font-size: 36px; font-weight: 700; }
.wait { font-size: 30px; }
.called { margin-top: 16px; padding: 20px 16px; background: #0b5d1e; color: #ffffff; border-radius: 12px; }
.called h2 { font-size: 44px; }
.called .go { font-size: 40px; font-weight: 700; }
.notice { padding: 12px 16px; background: #fff3b0; color: #111111; border: 3px solid #6b5200; border-radius: 12px; }
.small { font-size: 24px; color: #333333; }
nav { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 12px; }
a.lang {
  display: inline-flex; align-items: center; justify-content: center;
  min-width: 60px; min-height: 60px; padding: 8px 16px;
  border: 3px solid #0a3d91; border-radius: 12px; color: #0a3d91; text-decoration: none; font-size: 24px;
}
a.lang[aria-current="true"] { background: #0a3d91; color: #ffffff; }
a.lang:focus-visible { outline: 4px solid #111111; outline-offset: 3px; }
[data-testid="follow-invalid"] section { margin-bottom: 24px; }
`;

/**
 * Live updates: the server sends the page's <main> again (the same renderer) as an
 * event whenever the station's tickets change; the browser's EventSource
 * reconnects by itself. Without EventSource the page reloads twice a minute.
 */
export const FOLLOW_JS = `(function () {
  var main = document.getElementById('follow');
  var url = main && main.getAttribute('data-live');
  if (!url) return;
  if (!('EventSource' in window)) { setTimeout(function () { location.reload(); }, 30000); return; }
  var source = new EventSource(url);
  source.addEventListener('view', function (event) {
    var data = JSON.parse(event.data);
    main.innerHTML = data.html;
    document.title = data.title;
  });
  source.addEventListener('gone', function () { source.close(); });
})();
`;
