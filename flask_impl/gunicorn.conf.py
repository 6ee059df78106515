"""gunicorn settings, read from the environment variables every implementation reads.

Policy (the same for Flask and Django): WORKERS processes x THREADS threads (gthread worker),
keep-alive 5 s like uvicorn's default, 30 s graceful timeout, access log only with ACCESS_LOG=1.
"""

import os

_host = os.environ.get("HOST", "127.0.0.1")
bind = f"[{_host}]:{os.environ.get('PORT', '8002')}" if ":" in _host else f"{_host}:{os.environ.get('PORT', '8002')}"
worker_class = "gthread"
workers = int(os.environ.get("WORKERS", "1"))
threads = int(os.environ.get("THREADS", "4"))
keepalive = 5
graceful_timeout = 30
# Each worker builds its own app (no preload): database engines and pools are never shared
# across a fork.
preload_app = False
accesslog = "-" if os.environ.get("ACCESS_LOG", "0") == "1" else None
errorlog = "-"
proc_name = "flask_impl"
# gunicorn's control socket has one default path per user: several servers side by side (the
# contract suite, the load tests) would contend for it, and nothing here uses it.
control_socket_disable = True
