"""WSGI entry point for gunicorn or any WSGI server: `gunicorn assembly.wsgi:app`."""

from assembly import create_app, ensure_ready_to_serve

app = create_app()
ensure_ready_to_serve(app)
