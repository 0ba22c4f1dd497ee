"""The new part of an emailed reply: what the client wrote above the quoted earlier mail.

Mail programs quote the message being answered below a header line ("On
Mon, 2 Mar 2026, Support wrote:", in Portuguese "Em ... escreveu:"), below an
"Original Message" or Outlook-style separator, or as lines starting with ">".
Baton's own emails also carry ``REPLY_ABOVE`` so that the cut is exact for
replies to them. Everything from the first such marker down is dropped, and
so are quoted lines and blank lines left at the end. Quoted lines in the
middle (answers written between quotes) are kept, as they give the answers
their context.
"""

from __future__ import annotations

import re

REPLY_ABOVE = "##- Please type your reply above this line -##"

_HEADER_START = re.compile(r"^\s*(on|em|le|am)\s", re.IGNORECASE)
_HEADER_END = re.compile(r"(wrote|escreveu|a écrit|schrieb)\s*:\s*$", re.IGNORECASE)
_SEPARATORS = (
    re.compile(
        r"^\s*-{2,}\s*(original message|mensagem original|forwarded message|mensagem encaminhada)\s*-{2,}\s*$", re.I
    ),
    re.compile(r"^\s*_{20,}\s*$"),  # Outlook's rule above the quoted headers
    re.compile(r"^\s*(from|de):\s.+$", re.IGNORECASE),  # a quoted header block, when followed by another
)
_HEADER_FIELD = re.compile(r"^\s*(sent|date|to|subject|enviado|data|para|assunto):\s", re.IGNORECASE)


def _is_cut(lines: list[str], index: int) -> bool:
    line = lines[index]
    following = lines[index + 1] if index + 1 < len(lines) else ""
    if REPLY_ABOVE in line:
        return True
    if _HEADER_START.match(line) and (_HEADER_END.search(line) or _HEADER_END.search(following)):
        return True
    if _SEPARATORS[0].match(line) or _SEPARATORS[1].match(line):
        return True
    return bool(_SEPARATORS[2].match(line) and _HEADER_FIELD.match(following))


def strip_quoted_reply(body: str) -> str:
    """The text the sender wrote, without the earlier messages their mail program quoted."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        if _is_cut(lines, index):
            break
        kept.append(line)
    while kept and (not kept[-1].strip() or kept[-1].lstrip().startswith(">")):
        kept.pop()
    return "\n".join(kept).strip("\n").rstrip()
