"""Rendering an admin's template safely: Jinja2's sandbox, narrowed further.

The sandbox already refuses attribute access that could reach Python's
internals. On top of it:
- no globals (no ``range``, ``cycler``...), and only a short list of filters;
- an unknown name is an error (``StrictUndefined``), so a typo is refused when
  the template is saved, not sent blank to a client; every field of the
  context is always present, blank when unknown, and the ``blank`` filter says
  so in words;
- no macros, includes, imports, blocks or recursive loops, and loops nest two
  deep at most: loops run over the handoff's short lists only, so rendering
  stays small and quick whatever the template;
- ``**`` and ``%`` on text are refused and ``*`` may not build long text;
  string methods that pad to a given width are refused;
- the template's source and its output are bounded.
A template is checked when an admin saves it, by rendering it with every field
blank and with every field filled; one that fails is refused with the error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jinja2 import StrictUndefined, TemplateError, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from domain.errors import InvalidInput

MAX_SOURCE = 20_000
MAX_OUTPUT = 100_000
MAX_SUBJECT = 200
MAX_LOOP_DEPTH = 2
BLANK_TEXT = "(not known yet)"
_WIDE_METHODS = frozenset({"format", "format_map", "center", "ljust", "rjust", "zfill", "expandtabs"})
_REFUSED_NODES: tuple[type[nodes.Node], ...] = (
    nodes.Macro,
    nodes.CallBlock,
    nodes.Include,
    nodes.Import,
    nodes.FromImport,
    nodes.Extends,
    nodes.Block,
    nodes.FilterBlock,
    nodes.Scope,
)
_FILTERS = ("default", "join", "length", "lower", "upper", "title", "capitalize", "trim", "first", "last")


def _blank(value: Any, instead: Any = BLANK_TEXT) -> Any:
    """The value, or words saying it is not known yet."""
    return value if value not in ("", None, [], ()) else (instead or BLANK_TEXT)


def _people(people: Any) -> str:
    """Contacts as one line: "Name <email> (phone); ..." (or that there are none yet)."""
    if not people:
        return "(none yet)"
    return "; ".join(f"{p['name']} <{p['email']}>" + (f" ({p['phone']})" if p.get("phone") else "") for p in people)


def _repeated_length(left: Any, right: Any) -> int:
    """How long ``left * right`` would be when it repeats text or a list (0 otherwise)."""
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, str | list | tuple) and isinstance(times, int):
            return len(seq) * times
    return 0


class _Sandbox(SandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "%"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            raise SecurityError("Powers are not available in templates.")
        if operator == "%" and isinstance(left, str):
            raise SecurityError("Text formatting with % is not available in templates.")
        if operator == "*" and _repeated_length(left, right) > MAX_OUTPUT:
            raise SecurityError("That repetition makes the email too long.")
        return super().call_binop(context, operator, left, right)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return attr not in _WIDE_METHODS and super().is_safe_attribute(obj, attr, value)

    def wrap_str_format(self, value: Any) -> None:
        # The sandbox would hand out a checked ``str.format``; padding widths make it a way to
        # build huge text, so it is refused like the other width methods (is_safe_attribute).
        return None


def _environment() -> _Sandbox:
    env = _Sandbox(
        undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True
    )
    env.globals.clear()
    kept = {name: env.filters[name] for name in _FILTERS}
    env.filters.clear()
    env.filters.update(kept, blank=_blank, people=_people)
    return env


_ENV = _environment()


def _check_tree(tree: nodes.Node) -> None:
    for node in tree.find_all(_REFUSED_NODES):
        raise InvalidInput(f"line {node.lineno}: templates may not use {type(node).__name__.lower()} blocks.")
    for loop in tree.find_all(nodes.For):
        if loop.recursive:
            raise InvalidInput(f"line {loop.lineno}: recursive loops are not available in templates.")
    if _loop_depth(tree) > MAX_LOOP_DEPTH:
        raise InvalidInput(f"Loops nest at most {MAX_LOOP_DEPTH} deep in templates.")


def _loop_depth(node: nodes.Node) -> int:
    inner = max((_loop_depth(child) for child in node.iter_child_nodes()), default=0)
    return inner + (1 if isinstance(node, nodes.For) else 0)


@dataclass(frozen=True)
class Compiled:
    """A checked template, ready to render."""

    render: Callable[[dict[str, Any]], str]


def compile_template(source: str, what: str) -> Compiled:
    """Parse and check ``source``; InvalidInput naming the line when it is not a usable template."""
    if len(source) > MAX_SOURCE:
        raise InvalidInput(f"The {what} has at most {MAX_SOURCE} characters.")
    if "\x00" in source:
        raise InvalidInput(f"The {what} must not contain NUL characters.")
    try:
        tree = _ENV.parse(source)
        _check_tree(tree)
        template = _ENV.from_string(tree)
    except TemplateError as error:
        raise InvalidInput(f"The {what} is not a valid template: {_describe(error)}") from None

    def render(context: dict[str, Any]) -> str:
        parts, size = [], 0
        try:
            for part in template.generate(context):
                size += len(part)
                if size > MAX_OUTPUT:
                    raise InvalidInput(f"The {what} renders longer than {MAX_OUTPUT} characters.")
                parts.append(part)
        except (TemplateError, TypeError, ValueError, AttributeError, KeyError, RecursionError) as error:
            raise InvalidInput(f"The {what} cannot be rendered: {_describe(error)}") from None
        return "".join(parts)

    return Compiled(render)


def _describe(error: BaseException) -> str:
    line = getattr(error, "lineno", None)
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    return f"line {line}: {message}" if line else message
