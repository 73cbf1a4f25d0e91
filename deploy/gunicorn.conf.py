"""Gunicorn settings for Assemblée (README « Mise en production »).

    gunicorn -c /etc/assemblee/gunicorn.conf.py

Each worker is a process of its own and may run on another machine behind nginx: nothing
one needs is kept in another's memory. Rate-limit counters, live meetings, forms sent once
and the outbox are rows of the database; sessions are signed cookies (the same
SECRET_KEY everywhere). tests/test_servers.py runs two of these behind nginx.
"""

import os

wsgi_app = "assembly.wsgi:app"

# nginx on the same machine: loopback. Several machines: this machine's private address,
# e.g. ASSEMBLY_BIND=10.0.0.11:8000, and that address in nginx's `upstream` block.
bind = os.environ.get("ASSEMBLY_BIND", "127.0.0.1:8000")

# Two processes fit in 1 GB of memory; each answers a few requests at once with threads
# (a request mostly waits on the database). Phones poll every 4 s: a whole room of them
# costs a few requests a second.
workers = int(os.environ.get("ASSEMBLY_WORKERS", "2"))
worker_class = "gthread"
threads = 4

# A worker is replaced after about ten thousand requests, so memory never creeps up (a
# room of 200 phones makes 50 requests a second: a new worker every few minutes, not
# every few seconds; the two are never replaced at the same time).
max_requests = 10000
max_requests_jitter = 1000

# nginx buffers slow phones; a request that takes longer than this is stuck.
timeout = 30
graceful_timeout = 30

# Logs to systemd's journal (journalctl -u assemblee).
accesslog = "-"
errorlog = "-"
proc_name = "assemblee"
