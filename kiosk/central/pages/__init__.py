"""The staff pages: server-rendered HTML (Jinja2), plain forms, no JavaScript framework."""
