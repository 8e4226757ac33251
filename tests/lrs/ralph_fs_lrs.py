"""Ralph's LRS on loopback with its file-system backend, for Alliance's tests (tests/lrs_*.rs).

This is Ralph's own application (its xAPI API, statement validation, basic auth from $RALPH_APP_DIR/auth.json and
its rules for ids already stored), started as `ralph runserver -b fs` would start it, with one change: Ralph
5.1's file-system LRS backend writes its statements file with the `create` operation, so it stores the first
POST and answers 500 ("already exists and overwrite is not allowed") to every later one. Here it appends.
It also runs in one process (`runserver` forces uvicorn's reloader, a second process a test cannot reliably
stop).

Usage: python ralph_fs_lrs.py DATA_DIR PORT  (host 127.0.0.1 only)
"""

import os
import sys

data_dir, port = sys.argv[1], int(sys.argv[2])
os.environ["RALPH_RUNSERVER_BACKEND"] = "fs"
os.environ["RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH"] = data_dir

from ralph.backends.data.base import BaseOperationType  # noqa: E402
from ralph.backends.lrs.fs import FSLRSBackend  # noqa: E402

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

import uvicorn  # noqa: E402

uvicorn.run("ralph.api:app", host="127.0.0.1", port=port, log_level="warning")
