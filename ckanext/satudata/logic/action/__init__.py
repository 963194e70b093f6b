"""Actions of ckanext-satudata (registered by the actions blanket)."""
from .dataset import *  # noqa: F401,F403
from .dataset import __all__ as _dataset
from .dcat import *     # noqa: F401,F403
from .dcat import __all__ as _dcat
from .opd import *      # noqa: F401,F403
from .opd import __all__ as _opd
from .vocab import *    # noqa: F401,F403
from .vocab import __all__ as _vocab
from .workflow import *  # noqa: F401,F403
from .workflow import __all__ as _workflow

__all__ = [*_workflow, *_vocab, *_opd, *_dataset, *_dcat]
