"""The aiohttp application: REST under /api/v{9,10}, the gateway at /, attachment bytes at /attachments."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Awaitable, Callable

from aiohttp import web

from .errors import DiscordHTTPError, FieldError
from .posting import BotBody, UploadedFile
from .rest import RestApi
from .util import json_response

if TYPE_CHECKING:
    from .sandbox import Sandbox

log = logging.getLogger(__name__)
API_PREFIX = re.compile(r"^/api/v(?:\d+|\{version\})")
NO_AUTH = ("/interactions/", "/webhooks/")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
BODY_KEY = web.RequestKey("body", BotBody)


@dataclass
class RequestRecord:
    """One REST request of the bot, as the sandbox saw and answered it."""

    method: str
    path: str
    query: dict[str, str]
    json: Any = None
    files: list[str] = field(default_factory=list)
    status: int = 0
    response: Any = None
    error: DiscordHTTPError | None = None
    fault: bool = False

    def __repr__(self) -> str:
        return f"<{self.method} {self.path} -> {self.status}>"


@dataclass
class Fault:
    method: str
    pattern: re.Pattern[str]
    status: int
    retry_after: float
    global_: bool
    count: int
    code: int = 0
    message: str | None = None
    skip: int = 0  # matching requests let through before the fault starts

    def matches(self, method: str, path: str) -> bool:
        return self.count > 0 and self.method in (method, "*") and bool(self.pattern.search(path))

    def response(self) -> web.Response:
        if self.status == 429:
            headers = {
                "Via": "1.1 google",
                "Retry-After": str(max(1, int(self.retry_after + 0.999))),
                "X-RateLimit-Scope": "global" if self.global_ else "user",
                "X-RateLimit-Limit": "5",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset-After": f"{self.retry_after:.3f}",
                "X-RateLimit-Reset": f"{time.time() + self.retry_after:.3f}",
            }
            if self.global_:
                headers["X-RateLimit-Global"] = "true"
            body = {"message": self.message or "You are being rate limited.", "retry_after": self.retry_after,
                    "global": self.global_, "code": self.code}
            return json_response(body, 429, headers)
        default = {500: "500: Internal Server Error", 502: "502: Bad Gateway", 503: "503: Service Unavailable"}.get(self.status, "Injected error")
        return json_response({"message": self.message or default, "code": self.code}, self.status)


@dataclass
class Hold:
    """Stop matching requests (``when``: "before" the sandbox handles one, or "after" it did, with
    the answer held back) until :meth:`release`: a test kills the bot at exactly that step."""

    method: str
    pattern: re.Pattern[str]
    when: str
    count: int = 1
    reached: asyncio.Event = field(default_factory=asyncio.Event)
    released: asyncio.Event = field(default_factory=asyncio.Event)
    records: list[RequestRecord] = field(default_factory=list)

    def matches(self, method: str, path: str, when: str) -> bool:
        return self.count > 0 and self.when == when and self.method in (method, "*") and bool(self.pattern.search(path))

    async def wait(self, record: RequestRecord, request: web.Request) -> None:
        self.count -= 1
        self.records.append(record)
        self.reached.set()
        await self.released.wait()
        if request.transport is None or request.transport.is_closing():
            raise ClientGone()  # the bot was killed meanwhile: nothing reaches "Discord"

    def release(self) -> None:
        self.released.set()


class ClientGone(Exception):
    """The client disconnected while its request was held."""


async def parse_body(request: web.Request) -> BotBody:
    ctype = request.headers.get("Content-Type", "")
    if ctype.startswith("multipart/form-data"):
        body = BotBody(multipart=True)
        reader = await request.multipart()
        while True:
            part = await reader.next()
            if part is None:
                break
            name = part.name or ""  # type: ignore[union-attr]
            raw = await part.read()  # type: ignore[union-attr]
            match = re.fullmatch(r"files\[(\d+)\]", name) or re.fullmatch(r"file(\d*)", name)
            if name == "payload_json":
                body.json = _loads(raw)
            elif match:
                index = int(match.group(1) or 0)
                body.files.append(UploadedFile(index, part.filename or f"file{index}",  # type: ignore[union-attr]
                                               part.headers.get("Content-Type"), bytes(raw)))  # type: ignore[union-attr]
        if body.json is None:
            body.json = {}
        return body
    if request.can_read_body:
        raw = await request.read()
        if raw:
            return BotBody(_loads(raw))
    return BotBody(None)


def _loads(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        raise DiscordHTTPError(400, 50109, "The request body contains invalid JSON.") from None


def build_app(sb: Sandbox) -> web.Application:
    api = RestApi(sb)

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not request.path.startswith("/api/"):
            return await handler(request)
        path = API_PREFIX.sub("", request.path)
        record = RequestRecord(request.method, path, dict(request.query))
        sb.requests.append(record)
        resource = request.match_info.route.resource
        template = API_PREFIX.sub("", resource.canonical) if resource is not None else path
        bucket = None
        try:
            body = await parse_body(request)
            record.json, record.files = body.json, [f.filename for f in body.files]
            request[BODY_KEY] = body
            for hold in [h for h in sb.holds if h.matches(request.method, path, "before")]:
                await hold.wait(record, request)
            fault = next((f for f in sb.faults if f.matches(request.method, path)), None)
            if fault is not None and fault.skip == 0 and fault.status == 429:
                bucket, limited = None, None  # Discord refusing it: nothing was handled, nothing of the budgets spent
            else:
                bucket, limited = sb.rate_limits.before(request.method, template, path, request.match_info)
                fault = None if limited is not None else fault
            if fault is not None and fault.skip > 0:
                fault.skip -= 1  # let this one through
                fault = None
            if limited is not None:
                record.fault = True
                response: web.StreamResponse = limited
            elif fault is not None:
                fault.count -= 1
                record.fault = True
                response = fault.response()
            else:
                auth = request.headers.get("Authorization")
                if not path.startswith(NO_AUTH) and auth != f"Bot {sb.token}":
                    raise DiscordHTTPError.unauthorized()
                too_big = [f.filename for f in body.files if len(f.data) > sb.max_file_size]
                if too_big:
                    raise DiscordHTTPError(413, 40005, "Request entity too large")
                response = await handler(request)
        except DiscordHTTPError as err:
            err.route = err.route or f"{request.method} {path}"
            record.error = err
            response = json_response(err.body(), err.status)
            if not path.startswith(NO_AUTH):  # interaction routes log with their member and channel
                raw_id = request.match_info.get("channel_id", "")
                channel = sb.channels.get(int(raw_id)) if raw_id.isdigit() else None
                sb._event("error", channel=channel, detail=f"{request.method} {template}: {err}")
        except ClientGone:
            record.status = 499
            return web.Response(status=499)
        except web.HTTPNotFound:
            sb.unsupported.append(f"{request.method} {path}")
            log.warning("sandbox: unsupported route %s %s", request.method, path)
            sb._event("error", detail=f"unsupported route {request.method} {path} (404)")
            response = json_response({"message": "404: Not Found", "code": 0}, 404)
        except web.HTTPMethodNotAllowed:
            sb.unsupported.append(f"{request.method} {path}")
            response = json_response({"message": "405: Method Not Allowed", "code": 0}, 405)
        except Exception as exc:  # a sandbox bug: answer 400 (not 500, which the client retries for seconds)
            log.exception("sandbox internal error on %s %s", request.method, path)
            sb.internal_errors.append(f"{request.method} {path}: {exc!r}")
            response = json_response({"message": f"sandbox internal error: {exc!r}", "code": 0}, 400)
        if not record.fault:
            for key, value in sb.rate_limits.headers(bucket).items():
                response.headers[key] = value
        sb.rate_limits.after(response.status, response)
        record.status = response.status
        if isinstance(response, web.Response) and response.body is not None and response.status < 300:
            record.response = _safe_json(response)
        for hold in [h for h in sb.holds if h.matches(request.method, path, "after")]:
            try:
                await hold.wait(record, request)
            except ClientGone:
                record.status = 499
        return response

    app = web.Application(middlewares=[middleware], client_max_size=64 * 1024 * 1024)
    app.router.add_get("/", sb.gateway.handle)
    app.router.add_get("/attachments/{attachment_id}/{filename}", api.attachment)
    api.register(app.router)
    return app


def _safe_json(response: web.Response) -> Any:
    try:
        return json.loads(response.body)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def form_error(path: tuple[str | int, ...], code: str, message: str) -> DiscordHTTPError:
    return DiscordHTTPError.invalid_form([FieldError(path, code, message)])
