"""Blueprints of ckanext-satudata (registered by the blueprints blanket)."""
from .review import review
from .vocab import vocab

__all__ = ["vocab", "review"]
