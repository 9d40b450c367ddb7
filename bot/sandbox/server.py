"""The aiohttp application: REST under /api/v{9,10}, the gateway at /, attachment bytes at /attachments."""

from __future__ import annotations

import hashlib
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
API_PREFIX = re.compile(r"^/api/v\d+")
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
        default = {500: "500: Internal Server Error", 502: "502: Bad Gateway"}.get(self.status, "Injected error")
        return json_response({"message": self.message or default, "code": self.code}, self.status)


def ratelimit_headers(bucket_key: str) -> dict[str, str]:
    return {
        "X-RateLimit-Limit": "50",
        "X-RateLimit-Remaining": "49",
        "X-RateLimit-Reset": f"{time.time() + 1:.3f}",
        "X-RateLimit-Reset-After": "1.000",
        "X-RateLimit-Bucket": hashlib.md5(bucket_key.encode()).hexdigest()[:16],
    }


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
        fault = next((f for f in sb.faults if f.matches(request.method, path)), None)
        try:
            body = await parse_body(request)
            record.json, record.files = body.json, [f.filename for f in body.files]
            request[BODY_KEY] = body
            if fault is not None:
                fault.count -= 1
                record.fault = True
                response: web.StreamResponse = fault.response()
            else:
                auth = request.headers.get("Authorization")
                if not path.startswith(NO_AUTH) and auth != f"Bot {sb.token}":
                    raise DiscordHTTPError.unauthorized()
                response = await handler(request)
        except DiscordHTTPError as err:
            err.route = err.route or f"{request.method} {path}"
            record.error = err
            response = json_response(err.body(), err.status)
            if not path.startswith(NO_AUTH):  # interaction routes log with their member and channel
                raw_id = request.match_info.get("channel_id", "")
                channel = sb.channels.get(int(raw_id)) if raw_id.isdigit() else None
                sb._event("error", channel=channel, detail=f"{request.method} {template}: {err}")
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
            for key, value in ratelimit_headers(f"{request.method} {template}").items():
                response.headers[key] = value
        record.status = response.status
        if isinstance(response, web.Response) and response.body is not None and response.status < 300:
            record.response = _safe_json(response)
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
