"""Extraction engines: `local` (processes on this machine) and `ray` (a Ray cluster).

    with get_engine("local") as engine:
        for result in engine.process(documents):
            ...

See `communique.engines.base.Engine` for the contract and BENCHMARKS.md for what each costs.
"""

from __future__ import annotations

from typing import Any

from communique.engines.base import Engine, cpu_count

ENGINES = ("local", "ray")

__all__ = ["ENGINES", "Engine", "cpu_count", "get_engine"]


def get_engine(name: str = "local", **options: Any) -> Engine:
    """An engine by name; `options` go to its constructor (n_process, batch_size, address...)."""
    if name == "local":
        from communique.engines.local import LocalEngine

        return LocalEngine(**options)
    if name == "ray":
        from communique.engines.ray import RayEngine

        return RayEngine(**options)
    raise ValueError(f"unknown engine {name!r}: choose one of {', '.join(ENGINES)}")
