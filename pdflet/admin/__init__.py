"""The admin in the browser: server-rendered Jinja2 pages, enhanced by htmx.

Mounted by ``pdflet serve`` through :func:`pdflet.admin.routes.admin_routes`.
"""
