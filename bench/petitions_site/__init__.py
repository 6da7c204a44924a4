"""Bench-only Django settings and URLconf for bench_petitions and soak_petitions:
Rostra's production settings plus one bare view, never shipped in production."""
