"""Blueprints of ckanext-satudata, one module per feature (registered by
the blueprints blanket); each view calls actions."""
from .access import access
from .monitoring import monitoring
from .portal import portal
from .review import review
from .schedule import schedule
from .usage import usage
from .vocab import vocab

__all__ = ["vocab", "review", "access", "schedule", "portal", "usage", "monitoring"]
