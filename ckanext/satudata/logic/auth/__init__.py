"""Auth functions of ckanext-satudata, one per action (auth blanket)."""
from .dataset import *  # noqa: F401,F403
from .dataset import __all__ as _dataset
from .opd import *      # noqa: F401,F403
from .opd import __all__ as _opd
from .vocab import *    # noqa: F401,F403
from .vocab import __all__ as _vocab
from .workflow import *  # noqa: F401,F403
from .workflow import __all__ as _workflow

__all__ = [*_dataset, *_workflow, *_vocab, *_opd]
