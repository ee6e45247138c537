"""The reference Django REST framework app: the project's portfolio retrieve and list,
same output shape, on the project's own tables (``managed = False``), tuned in DRF's
favour (select_related/prefetch_related, persistent connections, no debug, no
middleware). Served by ``gunicorn drf.wsgi:application`` from ``benchmarks/peers``."""
