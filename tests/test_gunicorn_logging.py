"""gunicorn.conf.py's logger works out an access line only when one will be written."""

import logging
import runpy
from pathlib import Path

from gunicorn.config import Config

SETTINGS = runpy.run_path(str(Path(__file__).resolve().parents[1] / "gunicorn.conf.py"))


def test_an_access_line_is_built_only_while_gunicorn_access_writes_it(tmp_path):
    config = Config()
    config.set("accesslog", str(tmp_path / "access.log"))  # gunicorn's own switch: on
    logger = SETTINGS["logger_class"](config)
    access = logging.getLogger("gunicorn.access")
    level = access.level
    try:
        access.setLevel(logging.INFO)
        assert logger.access_log_enabled is True
        access.setLevel(logging.WARNING)  # as gunicorn.conf.py's logconfig_dict sets it
        assert logger.access_log_enabled is False
    finally:
        access.setLevel(level)
        for handler in list(access.handlers):
            access.removeHandler(handler)
            handler.close()
