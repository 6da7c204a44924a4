"""The bench folder's own rules: every bench module is listed in its README, and
the in-process ones share bench/in_process.py instead of copies of it."""

from pathlib import Path

from bench import in_process

BENCH = Path(__file__).resolve().parent.parent / "bench"
IN_PROCESS = ("bench_petition_snapshot.py", "bench_purge.py")


def test_the_readme_lists_the_in_process_benches_with_their_commands():
    readme = (BENCH / "README.md").read_text(encoding="utf-8")
    section = readme.split("## In-process benches", 1)[1].split("\n## ", 1)[0]
    for name in IN_PROCESS:
        assert f"`{name}`" in section
        assert f"BENCH_ARGS={name.removeprefix('bench_').removesuffix('.py')}" in section


def test_the_in_process_benches_start_django_through_the_shared_helper():
    for name in IN_PROCESS:
        source = (BENCH / name).read_text(encoding="utf-8")
        assert "from bench.in_process import alternate, start_django" in source
        assert "django.setup()" not in source and "time.perf_counter" not in source


def test_alternate_gives_each_way_its_turns():
    calls = []
    ways = {"a": lambda: calls.append("a"), "b": lambda: calls.append("b")}
    seconds = in_process.alternate(ways, rounds=3, repeat=2)
    assert calls == ["a", "a", "b", "b"] * 3
    assert set(seconds) == {"a", "b"} and all(spent >= 0 for spent in seconds.values())
