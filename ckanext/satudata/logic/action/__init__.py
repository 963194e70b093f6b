"""Actions of ckanext-satudata (registered by the actions blanket)."""
from .dataset import *  # noqa: F401,F403
from .dataset import __all__ as _dataset
from .dcat import *     # noqa: F401,F403
from .dcat import __all__ as _dcat
from .opd import *      # noqa: F401,F403
from .opd import __all__ as _opd
from .vocab import *    # noqa: F401,F403
from .vocab import __all__ as _vocab
from .review import *  # noqa: F401,F403
from .review import __all__ as _review

__all__ = [*_review, *_vocab, *_opd, *_dataset, *_dcat]
