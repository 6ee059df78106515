"""uvicorn's httptools protocol with gunicorn's request-head limits, answering what it refuses with a problem."""

import json

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from app.errors import title

# gunicorn's default limits on the request head (the Flask and Django servers'), so that every
# implementation refuses the same requests (contract decision D3). httptools has none.
MAX_REQUEST_LINE = 4094
MAX_HEADER_FIELDS = 100
MAX_HEADER_FIELD = 8190


class HeadTooLarge(Exception):
    """A request head over the limits: raised from a parser callback, it stops the parser."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status, self.detail = status, detail


class ProblemHttpToolsProtocol(HttpToolsProtocol):
    """Refuses request lines over 4094 bytes (414) and header sections over 100 fields or 8190 bytes a field (431).

    Such a request never reaches the app: the limits are checked while the head is parsed, so a
    megabyte of headers is refused at its first excess. A request that cannot be parsed at all (a
    malformed line or header, Content-Length beside Transfer-Encoding) gets a 400 problem, where
    uvicorn answers in plain text. `python -m app` serves with this protocol (uvicorn's `http=`).
    """

    refusal: HeadTooLarge | None = None

    def on_url(self, url: bytes) -> None:
        super().on_url(url)
        # The request line: method, space, target, " HTTP/1.1".
        if len(self.parser.get_method()) + 1 + len(self.url) + 9 > MAX_REQUEST_LINE:
            self._refuse(HeadTooLarge(414, f"The request line is longer than {MAX_REQUEST_LINE} bytes."))

    def on_header(self, name: bytes, value: bytes) -> None:
        super().on_header(name, value)
        # A field line: name, ": " and value, without its CRLF (RFC 9112's field-line).
        if len(self.headers) > MAX_HEADER_FIELDS or len(name) + 2 + len(value) > MAX_HEADER_FIELD:
            detail = f"Send at most {MAX_HEADER_FIELDS} header fields of at most {MAX_HEADER_FIELD} bytes each."
            self._refuse(HeadTooLarge(431, detail))

    def _refuse(self, refusal: HeadTooLarge) -> None:
        self.refusal = refusal
        raise refusal  # httptools stops and raises a parser error: uvicorn calls send_400_response

    # Overrides the private hook uvicorn calls on a parse error (written against uvicorn 0.54); no
    # public setting chooses that answer's status or body.
    def send_400_response(self, msg: str) -> None:
        status, detail = (self.refusal.status, self.refusal.detail) if self.refusal else (400, msg)
        body = json.dumps({"type": "about:blank", "title": title(status), "status": status, "detail": detail}).encode()
        head = [f"HTTP/1.1 {status} {title(status)}\r\n".encode()]
        head += [name + b": " + value + b"\r\n" for name, value in self.server_state.default_headers]
        head += [
            b"content-type: application/problem+json\r\n",
            b"content-length: %d\r\n" % len(body),
            b"connection: close\r\n\r\n",
        ]
        self.transport.write(b"".join(head) + body)
        self.transport.close()
