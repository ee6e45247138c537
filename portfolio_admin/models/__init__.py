"""Every model, importable from one place (migrations need them all registered)."""

from portfolio_admin.models.activity import ActivityEntry
from portfolio_admin.models.content_version import ContentVersion
from portfolio_admin.models.draft import PortfolioDraft
from portfolio_admin.models.edit_presence import EditPresence
from portfolio_admin.models.employer import Employer
from portfolio_admin.models.link import Link
from portfolio_admin.models.login_attempt import LoginAttempt
from portfolio_admin.models.media import MediaFile, Thumbnail
from portfolio_admin.models.meta import MetaEntry
from portfolio_admin.models.portfolio import GalleryImage, Portfolio, PortfolioTag
from portfolio_admin.models.revision import PortfolioRevision
from portfolio_admin.models.role import Role, RolePermission, UserRole, user_roles
from portfolio_admin.models.schedule import PortfolioSchedule
from portfolio_admin.models.tag import Tag
from portfolio_admin.models.token import ApiToken, ApiTokenScope
from portfolio_admin.models.two_factor import Passkey, RecoveryCode
from portfolio_admin.models.user import User, UserPermission
from portfolio_admin.models.user_session import UserSession
from portfolio_admin.models.webhook import WebhookDelivery, WebhookEndpoint
from portfolio_admin.models.worker_heartbeat import WorkerHeartbeat

__all__ = [
    "ActivityEntry",
    "ApiToken",
    "ApiTokenScope",
    "ContentVersion",
    "EditPresence",
    "Employer",
    "GalleryImage",
    "Link",
    "LoginAttempt",
    "MediaFile",
    "MetaEntry",
    "Passkey",
    "Portfolio",
    "PortfolioDraft",
    "PortfolioRevision",
    "PortfolioSchedule",
    "PortfolioTag",
    "RecoveryCode",
    "Role",
    "RolePermission",
    "Tag",
    "Thumbnail",
    "User",
    "UserPermission",
    "UserRole",
    "UserSession",
    "WorkerHeartbeat",
    "WebhookDelivery",
    "WebhookEndpoint",
    "user_roles",
]
