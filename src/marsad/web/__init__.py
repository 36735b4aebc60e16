"""The web server: an HTTP API over a marsad database and the page that shows it.

:func:`marsad.web.app.create_app` builds the FastAPI app (``pip install 'marsad[web]'``);
``marsad serve`` runs it with uvicorn. Importing this package needs neither: fastapi is imported
by :mod:`marsad.web.app` and :mod:`marsad.web.api_models` only.
"""
