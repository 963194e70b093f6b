"""Actions of ckanext-satudata (registered by the actions blanket)."""
from .opd import *      # noqa: F401,F403
from .opd import __all__ as _opd
from .vocab import *    # noqa: F401,F403
from .vocab import __all__ as _vocab

__all__ = [*_vocab, *_opd]
