"""gunicorn settings, read from the environment variables every implementation reads.

Policy (the same for Flask and Django): WORKERS processes x THREADS threads (gthread worker),
keep-alive 5 s like uvicorn's default, 30 s graceful timeout, access log only with ACCESS_LOG=1.
"""

import json
import logging
import os
from http import HTTPStatus

from gunicorn import util

_host = os.environ.get("HOST", "127.0.0.1")
bind = f"[{_host}]:{os.environ.get('PORT', '8003')}" if ":" in _host else f"{_host}:{os.environ.get('PORT', '8003')}"
worker_class = "gthread"
workers = int(os.environ.get("WORKERS", "1"))
# The requests a worker works on at once, each on its own kept database connection (config.settings.base).
threads = int(os.environ.get("THREADS", "4"))
keepalive = 5
graceful_timeout = 30
# Each worker builds its own app (no preload): database engines and pools are never shared
# across a fork.
preload_app = False
accesslog = "-" if os.environ.get("ACCESS_LOG", "0") == "1" else None
errorlog = "-"
proc_name = "django_impl"
# The contract's limits on the request head, answered as problems (write_problem below): a request
# line over 4,094 bytes gets 414; over 100 header fields, or a field line over 8,190 bytes, 431;
# neither line counts its CRLF. gunicorn's defaults, except that gunicorn counts a field line's
# CRLF: its limit is 8,190 + 2 for a field line of 8,190 bytes to be served.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190 + 2
# gunicorn's control socket has one default path per user: several servers side by side (the
# contract suite, the load tests) would contend for it, and nothing here uses it.
control_socket_disable = True


def write_problem(sock, status_int, reason, mesg):
    """gunicorn's own answer to a request it cannot parse (400, 414, 431, ...), as a problem.

    These never reach the app; gunicorn writes them as a small HTML page, and the contract wants
    every error as application/problem+json. Any 5xx is logged like the app's.
    """
    # gunicorn's reason is RFC 9110's phrase (Python 3.11's HTTPStatus says "Request-URI Too Long"
    # for 414), except that it keeps "Bad Request" for the 500 and 501 it sends.
    title = reason if status_int < 500 else HTTPStatus(status_int).phrase
    body = json.dumps({"type": "about:blank", "title": title, "status": status_int, "detail": mesg or title}).encode()
    if status_int >= 500:
        logging.getLogger("gunicorn.error").error("problem status=%d (server) %s", status_int, mesg or title)
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\nContent-Type: application/problem+json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    util.write_nonblock(sock, head.encode("latin-1") + body)


# gunicorn has no setting for that page: its workers call util.write_error, a private function,
# replaced here (written against gunicorn 23 to 27; this file is read by the master before it
# forks the workers).
util.write_error = write_problem
