"""One thread hop and one pooled connection per request, for the session check and the data.

FastAPI runs each sync dependency, and a sync endpoint, on a worker thread of its
own: a list read used to hop four times (the session check, the connection taken
and given back, the endpoint) and check out two connections. On a route whose
session, policy, scope, command context and read connection are used only by the
endpoint itself (``eligible``: every route built the kit's way), those
dependencies instead hand the endpoint a ``Pending`` value, and the endpoint runs
as ``RequestWork.run`` in one hop: take one connection from the pool, check the
session on it (no cache: a revoked session is refused on its next request), run
the policy's checks, make the pending values, call the endpoint, give the
connection back. A route that does not qualify resolves its dependencies as
before (each in its own hop), with the same answers.

A refusal keeps its precedence: when anything fails before the endpoint runs (a
malformed body, a bad If-Match), the presented session is checked first, so an
unauthenticated or forbidden caller is told that, as before.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Coroutine, Iterator
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from typing import Any

from fastapi.dependencies.utils import get_dependant, get_parameterless_sub_dependant
from fastapi.routing import APIRoute
from psycopg import Connection
from psycopg_pool import ConnectionPool
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

__all__ = ["OneHopRoute", "Pending", "RequestWork", "SharingPool", "derive", "eligible", "marks"]

_WORK: ContextVar[RequestWork | None] = ContextVar("baton_request_work", default=None)
_PINNED: ContextVar[Connection[Any] | None] = ContextVar("baton_pinned_connection", default=None)
_MARK = "_baton_one_hop"
Handler = Callable[[Request], Coroutine[Any, Any, Response]]


class SharingPool(ConnectionPool[Any]):
    """The read pool: inside ``pinned`` (the session check of a one-hop request), it lends the request's connection."""

    @contextmanager
    def connection(self, timeout: float | None = None) -> Iterator[Connection[Any]]:
        pinned = _PINNED.get()
        if pinned is not None:
            yield pinned
            return
        with super().connection(timeout) as conn:
            yield conn


@contextmanager
def pinned(conn: Connection[Any]) -> Iterator[None]:
    token = _PINNED.set(conn)
    try:
        yield
    finally:
        _PINNED.reset(token)


class Pending:
    """A dependency's value, made in the request's one hop just before the endpoint runs."""

    __slots__ = ("_made", "_make", "work")

    def __init__(self, work: RequestWork, make: Callable[[], Any]) -> None:
        self.work = work
        self._make = make
        self._made: tuple[Any] | None = None

    def get(self) -> Any:
        if self._made is None:
            self._made = (self._make(),)
        return self._made[0]


def derive(value: Any, make: Callable[[Any], Any]) -> Any:
    """``make(value)`` now, or, if ``value`` is pending, a pending value made from it in the hop."""
    if isinstance(value, Pending):
        return Pending(value.work, lambda: make(value.get()))
    return make(value)


class RequestWork:
    """What a one-hop request does on its worker thread before the endpoint: connection, session, checks."""

    def __init__(self, pool: ConnectionPool[Any]) -> None:
        self.pool = pool
        self.conn: Connection[Any] | None = None
        self.wants_connection = False
        self._sign_in: Callable[[], Any] | None = None
        self._principal: Pending | None = None
        self._checks: list[Callable[[Any], None]] = []
        self._checked = False
        self._hopped = False  # the hop began: whatever failed there failed in its order

    @staticmethod
    def current() -> RequestWork | None:
        """The work of the request being handled, when its route runs in one hop."""
        return _WORK.get()

    # -- what the dependencies defer ---------------------------------------------

    def session(self, sign_in: Callable[[], Any]) -> Any:
        """The caller's principal (pending), checked in the hop by ``sign_in`` (on the request's connection)."""
        if self._principal is None:
            self._sign_in = sign_in
            self._principal = Pending(self, self._signed_in)
        return self._principal

    def require(self, check: Callable[[Any], None]) -> None:
        """A policy check of the principal, run in the hop right after the session check."""
        self._checks.append(check)

    def connection(self) -> Any:
        """The request's connection (pending): taken from the pool when the hop starts."""
        self.wants_connection = True
        return Pending(self, self._connection)

    # -- the hop ----------------------------------------------------------------

    def _signed_in(self) -> Any:
        assert self._sign_in is not None
        return self._sign_in()

    def _connection(self) -> Connection[Any]:
        assert self.conn is not None, "the request's connection is used only inside its hop"
        return self.conn

    @property
    def unchecked(self) -> bool:
        """A session was presented, and the request failed before its hop could check it."""
        return self._principal is not None and not self._checked and not self._hopped

    def check(self) -> None:
        """Check the session and the policy (on the request's connection when it has one)."""
        if self._principal is None or self._checked:
            return
        self._checked = True
        with pinned(self.conn) if self.conn is not None else _nothing():
            principal = self._principal.get()
        for check in self._checks:
            check(principal)

    def run(self, endpoint: Callable[..., Any], kwargs: dict[str, Any]) -> Any:
        """On the worker thread: one checkout, the session and policy checks, the endpoint."""
        self._hopped = True
        with ExitStack() as stack:
            if self.wants_connection or self._principal is not None:
                self.conn = stack.enter_context(self.pool.connection())
            self.check()
            if not self.wants_connection:
                stack.close()  # a command writes through the application's own pool: give this one back
                self.conn = None
            values = {k: v.get() if isinstance(v, Pending) else v for k, v in kwargs.items()}
            return endpoint(**values)

    def check_alone(self) -> None:
        """The session and policy checks by themselves (when the request failed before its endpoint)."""
        with self.pool.connection() as conn:
            self.conn = conn
            try:
                self.check()
            finally:
                self.conn = None


@contextmanager
def _nothing() -> Iterator[None]:
    yield


# -- routes -------------------------------------------------------------------------


def marks(call: Any) -> Any:
    """Mark a dependency as one that defers its work to the hop when its request runs in one."""
    setattr(call, _MARK, True)
    return call


def _deferring(call: Any) -> bool:
    return bool(getattr(call, _MARK, False))


def eligible(dependant: Any, endpoint: Callable[..., Any]) -> bool:
    """True when the endpoint is sync and the deferring dependencies feed only it (or each other)."""
    if inspect.iscoroutinefunction(endpoint):
        return False
    found = False

    def walk(node: Any, consumer_defers: bool) -> bool:
        nonlocal found
        for sub in node.dependencies:
            defers = _deferring(sub.call)
            if defers and not consumer_defers:
                return False
            found = found or defers
            if not walk(sub, defers):
                return False
        return True

    # The endpoint itself consumes its direct dependencies: they may defer.
    return walk(dependant, True) and found


def one_hop_endpoint(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """The endpoint as FastAPI calls it on an eligible route: one hop running ``RequestWork.run``."""

    @functools.wraps(endpoint)
    async def in_one_hop(**kwargs: Any) -> Any:
        work = _WORK.get()
        if work is None:  # never: the route's handler set it; fail closed rather than skip the checks
            raise RuntimeError("a one-hop endpoint ran outside its route handler")
        return await run_in_threadpool(work.run, endpoint, kwargs)

    return in_one_hop


def one_hop_handler(handler: Handler) -> Handler:
    """The route's request handler, with the request's ``RequestWork`` in place while it runs."""

    @functools.wraps(handler)
    async def handle(request: Request) -> Response:
        work = RequestWork(request.app.state.container.pool)
        token = _WORK.set(work)
        try:
            response: Response = await handler(request)
            return response
        except Exception:
            if work.unchecked:  # as when the session was checked first: its refusal wins
                await run_in_threadpool(work.check_alone)
            raise
        finally:
            _WORK.reset(token)

    return handle


class OneHopRoute(APIRoute):
    """A route that runs in one hop when ``eligible``; any other route exactly as FastAPI runs it."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        dependant = get_dependant(path=path, call=endpoint)
        for depends in kwargs.get("dependencies") or ():
            dependant.dependencies.insert(0, get_parameterless_sub_dependant(depends=depends, path=path))
        self.one_hop = eligible(dependant, endpoint)  # before APIRoute builds the handler
        super().__init__(path, one_hop_endpoint(endpoint) if self.one_hop else endpoint, **kwargs)

    def get_route_handler(self) -> Handler:
        handler = super().get_route_handler()
        return one_hop_handler(handler) if self.one_hop else handler
