"""Blueprints of ckanext-satudata (registered by the blueprints blanket)."""
from .linked_data import linked_data
from .review import review
from .vocab import vocab

__all__ = ["vocab", "review", "linked_data"]
