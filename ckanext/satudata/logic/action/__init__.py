"""Actions of ckanext-satudata (registered by the actions blanket); the
DataStore's guarded actions (``preview.py``) by the ``satudata_preview``
plugin, enabled with ``datastore`` and ``xloader``."""
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
from .schedule import *  # noqa: F401,F403
from .schedule import __all__ as _schedule
from .daftar_data import *  # noqa: F401,F403
from .daftar_data import __all__ as _daftar_data
from .access import *  # noqa: F401,F403
from .access import __all__ as _access
from .usage import *  # noqa: F401,F403
from .quality import *  # noqa: F401,F403
from .quality import __all__ as _quality
from .usage import __all__ as _usage
from .monitoring import *  # noqa: F401,F403
from .monitoring import __all__ as _monitoring
# last: it guards some actions imported above and takes their names
from .hidden import *  # noqa: F401,F403
from .hidden import __all__ as _hidden
# after hidden: wraps some of its guards to withhold Terbatas files
from .files import *  # noqa: F401,F403
from .files import __all__ as _files

__all__ = [*_review, *_vocab, *_opd, *_dataset, *_dcat, *_schedule, *_daftar_data, *_access, *_usage, *_quality, *_monitoring, *_hidden, *_files]
