"""Cross-document actor resolution: one actor per real-world person, body, country or place."""

from communique.resolve.resolver import ActorState, Correction, EntityView, Resolver

__all__ = ["ActorState", "Correction", "EntityView", "Resolver"]
