"""Flask extensions, created unbound; ``create_app`` binds them to an app."""

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

from portfolio_admin.models.base import db

babel = Babel()
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()

__all__ = ["babel", "csrf", "db", "login_manager", "migrate"]
