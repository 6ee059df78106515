"""gunicorn settings, read from the environment: the server policy shared with the Flask implementation.

WORKERS processes (default 1), each with THREADS threads (default 4) of the gthread worker;
keep-alive 5 s (uvicorn's default), 30 s to finish requests on shutdown, access log with ACCESS_LOG=1.
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8003')}"
worker_class = "gthread"
workers = int(os.environ.get("WORKERS", "1"))
threads = int(os.environ.get("THREADS", "4"))
keepalive = 5
graceful_timeout = 30
accesslog = "-" if os.environ.get("ACCESS_LOG", "0") == "1" else None
errorlog = "-"
# No control socket: it has one default path, which several servers on a machine would share.
control_socket_disable = True
