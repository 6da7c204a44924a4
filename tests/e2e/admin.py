"""Logging into the Wagtail admin through its own login form."""

import re

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "rostra-demo"  # noqa: S105 - the demo's published login


def log_in(page, username=ADMIN_USERNAME, password=ADMIN_PASSWORD):
    """Log a browser page into the admin as any user (the demo's admin by default)."""
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/(?!login)"))
