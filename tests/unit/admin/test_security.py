"""Where login may send a browser back to: local admin paths only."""

import pytest

from pdflet.admin.security import CSP, DEFAULT_NEXT, safe_next


@pytest.mark.parametrize("target", ["/admin/keys", "/admin/usage?days=7", "/admin/audit?user=a%40b.c&action=login"])
def test_local_admin_paths_are_kept(target):
    assert safe_next(target) == target


@pytest.mark.parametrize("target", [
    None, "", "//evil.example/admin/", "https://evil.example/admin/", "/\\evil.example", "javascript:alert(1)",
    "/api/v1/keys/", "admin/keys", "/admin/login?next=/admin/keys", "/admin/logout", "/admin/keys\r\nX: y",
    "/" + "a" * 3000,
])
def test_anything_else_goes_to_the_dashboard(target):
    assert safe_next(target) == DEFAULT_NEXT


def test_csp_allows_no_inline_script_or_style():
    assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP
    assert "script-src 'self'" in CSP and "frame-ancestors 'none'" in CSP
