"""The built-in remote resource fetcher: ``PDFLET_FETCH_ALLOW`` prefixes only, SSRF-safe, cached.

``policy`` decides which URLs may be fetched, ``client`` fetches one over HTTP(S) to the
address resolved once by :mod:`pdflet.netaddr`, ``cache`` keeps responses per their
``Cache-Control``, and ``plugin`` ties them to the ``pdflet_fetch_resource`` hook.
"""
