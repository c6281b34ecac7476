/**
 * The booking page's stylesheet, served from the district itself (the page's CSP
 * allows nothing else; the page needs no script). Elder-friendly on a phone, as
 * the follow page: text 24 px and up, every choice a full-width button of at
 * least 72 px with 16 px between, inputs as large, contrast of at least 7:1.
 */
import { PHONE_BASE_CSS } from '#server/follow/follow-assets.ts';

export const BOOKING_CSS = `${PHONE_BASE_CSS}h2 { font-size: 32px; margin: 8px 0 16px; }
p { margin: 8px 0; }
.station { font-size: 24px; margin: 0; }
.step { font-size: 24px; color: #333333; margin: 0; }
ul.choices { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 16px; }
.choice {
  display: flex; align-items: center; justify-content: space-between; gap: 12px; flex-wrap: wrap;
  width: 100%; min-height: 72px; padding: 12px 20px;
  border: 3px solid #0a3d91; border-radius: 14px; background: #ffffff; color: #0a3d91;
  font-size: 28px; font-weight: 700; text-decoration: none; text-align: left;
}
.choice .extra { font-size: 24px; font-weight: 400; color: #111111; }
.choice.full { border-color: #595959; background: #eeeeee; color: #111111; }
.choice.full .extra { color: #111111; }
a.choice:focus-visible, button:focus-visible, input:focus-visible, a.lang:focus-visible, a.nav:focus-visible {
  outline: 4px solid #111111; outline-offset: 3px;
}
form { display: flex; flex-direction: column; gap: 12px; }
label { font-size: 28px; font-weight: 700; margin-top: 8px; }
.hint { font-size: 24px; color: #333333; margin: 0; }
input {
  width: 100%; min-height: 72px; padding: 8px 16px; font: inherit; font-size: 32px;
  border: 3px solid #111111; border-radius: 12px; color: #111111; background: #ffffff;
}
button.confirm {
  margin-top: 16px; min-height: 80px; padding: 12px 20px; font: inherit; font-size: 32px; font-weight: 700;
  border: 3px solid #0b5d1e; border-radius: 14px; background: #0b5d1e; color: #ffffff;
}
.chosen { font-size: 28px; font-weight: 700; }
.notice { padding: 12px 16px; background: #fff3b0; color: #111111; border: 3px solid #6b5200; border-radius: 12px; }
.done { margin-top: 8px; padding: 20px 16px; border: 3px solid #0b5d1e; border-radius: 12px; }
.code { font-size: 104px; font-weight: 700; line-height: 1.1; margin: 0; letter-spacing: 0.12em; }
.when { font-size: 28px; font-weight: 700; }
nav { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 16px; }
a.lang, a.nav {
  display: inline-flex; align-items: center; justify-content: center;
  min-width: 60px; min-height: 60px; padding: 8px 16px;
  border: 3px solid #0a3d91; border-radius: 12px; color: #0a3d91; text-decoration: none; font-size: 24px;
}
a.lang[aria-current="true"] { background: #0a3d91; color: #ffffff; }
[data-testid="book-invalid"] section { margin-bottom: 24px; }
`;
