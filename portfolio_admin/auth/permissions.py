"""Permission codes: one per action on each resource (the table in the API contract)."""

from dataclasses import dataclass

from portfolio_admin.models import User

ACTIONS = ("list", "create", "retrieve", "update", "delete")


@dataclass(frozen=True)
class Resource:
    """A resource's permission codes: ``base`` + 0 (list) ... + 4 (delete)."""

    name: str
    label: str
    base: int

    @property
    def list(self) -> int:
        return self.base

    @property
    def create(self) -> int:
        return self.base + 1

    @property
    def retrieve(self) -> int:
        return self.base + 2

    @property
    def update(self) -> int:
        return self.base + 3

    @property
    def delete(self) -> int:
        return self.base + 4

    @property
    def codes(self) -> dict[str, int]:
        """Action name to code, in the order list, create, retrieve, update, delete."""
        return {action: self.base + offset for offset, action in enumerate(ACTIONS)}


MEDIA = Resource("media", "Media files", 4100)
PORTFOLIO = Resource("portfolio", "Portfolios", 4200)
TAG = Resource("tag", "Tags", 4210)
EMPLOYER = Resource("employer", "Employers", 4220)
META = Resource("meta", "Meta entries", 4230)
LINK = Resource("link", "Links", 4240)

RESOURCES = (PORTFOLIO, EMPLOYER, TAG, LINK, META, MEDIA)
ALL_CODES = frozenset(code for r in RESOURCES for code in r.codes.values())


def may(is_active: bool, is_staff: bool, is_admin: bool, holds_code: bool) -> bool:
    """The one rule: active admins may do everything, other users need staff and the code."""
    return is_active and (is_admin or (is_staff and holds_code))


def user_may(user: User, code: int) -> bool:
    """Whether ``user`` may do the action with permission ``code``."""
    return may(user.is_active, user.is_staff, user.is_admin, code in user.permissions)


def may_use_admin(user: User | None) -> bool:
    """Whether ``user`` may sign in to the admin at all: the rule, with no code needed."""
    return user is not None and may(user.is_active, user.is_staff, user.is_admin, True)


def parse_codes(text: str) -> set[int]:
    """``"4201, 4221"`` -> ``{4201, 4221}``; raises ``ValueError`` naming an unknown code."""
    codes = set()
    for part in text.replace(" ", "").split(","):
        if not part:
            continue
        if not part.isdigit() or int(part) not in ALL_CODES:
            raise ValueError(f"Unknown permission code {part!r}.")
        codes.add(int(part))
    return codes
