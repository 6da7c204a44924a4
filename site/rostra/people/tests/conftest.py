import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def _postgres_marker(request):
    """Tests marked ``postgres`` (triggers, locking, COPY) skip on SQLite."""
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://…")
