"""The pages' HTML: one small layout, escaped text, an inline style the page's policy names by hash."""

from __future__ import annotations

import base64
import hashlib
from html import escape

from fastapi.responses import HTMLResponse

STYLE = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f5f7;color:#1d2330}
main{max-width:34rem;margin:3rem auto;background:#fff;padding:2rem 2.25rem;border-radius:10px;
box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.5rem;margin:0 0 1rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input[type=password],input[type=text]{width:100%;box-sizing:border-box;padding:.55rem .6rem;font-size:1rem;
border:1px solid #b8bfcc;border-radius:6px}
input[aria-invalid=true]{border-color:#b42318}
button{margin-top:1.25rem;padding:.6rem 1.2rem;font-size:1rem;border:0;border-radius:6px;background:#2d5bd7;color:#fff;
cursor:pointer}
.error{color:#b42318;margin:.35rem 0 0}.muted{color:#5b6475;font-size:.92rem}
.policy{margin:.5rem 0 0;padding-left:1.2rem;color:#5b6475;font-size:.92rem}
.qr{display:flex;justify-content:center;margin:1rem 0}.qr svg{width:220px;height:220px}
.secret{font-family:ui-monospace,monospace;letter-spacing:.05em;word-break:break-all}
ol.codes{columns:2;font:1.05rem/1.9 ui-monospace,monospace;padding-left:1.6rem}
.notice{background:#fff7e6;border:1px solid #f0c36d;border-radius:6px;padding:.75rem 1rem}
@media print{body{background:#fff}main{box-shadow:none;margin:0}form,button,.noprint{display:none}}
"""
_STYLE_HASH = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
# Nothing from elsewhere, no script at all, forms post only here, never framed.
POLICY = (
    f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def page(title: str, body: str, *, status: int = 200) -> HTMLResponse:
    """A complete page around ``body`` (already HTML), with its own Content-Security-Policy."""
    document = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="referrer" content="same-origin"><title>{escape(title)} · Baton</title>'
        f"<style>{STYLE}</style></head><body><main>{body}</main></body></html>"
    )
    return HTMLResponse(
        document,
        status_code=status,
        headers={"Content-Security-Policy": POLICY, "Cache-Control": "no-store", "X-Frame-Options": "DENY"},
    )


def error_text(message: str | None, field_id: str) -> str:
    """An inline error under a field, announced to screen readers."""
    if not message:
        return ""
    return f'<p class="error" id="{field_id}-error" role="alert">{escape(message)}</p>'


def field(label: str, name: str, *, kind: str, error: str | None = None, extra: str = "") -> str:
    """A labelled input, marked invalid with its error beneath when ``error`` is given."""
    invalid = ' aria-invalid="true"' if error else ""
    described = f' aria-describedby="{name}-error"' if error else ""
    return (
        f'<label for="{name}">{escape(label)}</label>'
        f'<input id="{name}" name="{name}" type="{kind}" required{invalid}{described} {extra}>'
        f"{error_text(error, name)}"
    )
