"""Blueprints of ckanext-satudata (registered by the blueprints blanket)."""
from .vocab import vocab

__all__ = ["vocab"]
