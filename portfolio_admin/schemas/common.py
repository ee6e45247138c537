"""What every resource's schemas share: input field types, the list query, the list
envelope, the error bodies, and the translation of pydantic's errors into the contract's
``{"field": ["message", ...]}`` shape."""

from functools import cache
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    RootModel,
    StringConstraints,
    create_model,
    field_validator,
)
from pydantic import ValidationError as PydanticValidationError

from portfolio_admin.text import control_character_problem, normalise, normalise_name


def normalised_name(value):
    """A name as stored and compared (``text.normalise_name``); other values unchanged."""
    return normalise_name(value) if isinstance(value, str) else value


# Unique names (and slugs, keys) are normalised first, so names that look alike are equal.
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=255),
    BeforeValidator(normalised_name),  # listed last, so it runs first
]
Text = Annotated[str, StringConstraints(max_length=100_000)]
RequiredText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100_000)
]
# Ids (and other INTEGER columns, such as a portfolio's order) are 32 bits on PostgreSQL:
# a larger number can name nothing, and sending it to the database would fail there rather
# than find nothing.
MAX_ID = 2**31 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]

NON_FIELD = "non_field_errors"


class InputSchema(BaseModel):
    """Base of every input schema: unknown keys are ignored, as the old API did.

    Every text sent, in any field, is refused if it holds control characters (the
    database could not store NUL) and is otherwise taken in Unicode's composed form.
    """

    model_config = ConfigDict(extra="ignore", str_max_length=100_000)
    # Fields added after the documented contract: a PUT that leaves one out keeps its
    # stored value, so a client written against the contract never clears what it
    # does not know about.
    added_fields: ClassVar[tuple[str, ...]] = ()

    @field_validator("*", mode="before")
    @classmethod
    def _clean_text(cls, value):
        if isinstance(value, list):
            return [_clean(item) for item in value]
        return _clean(value)


def _clean(value):
    """Text refused for control characters, or in NFC; anything else unchanged."""
    if not isinstance(value, str):
        return value
    if problem := control_character_problem(value):
        raise ValueError(problem)
    return normalise(value)


MAX_PAGE_SIZE = 100


class PageQuery(InputSchema):
    """Pagination, shared by every list."""

    page: Annotated[int, Field(ge=1, description="Page number, from 1.")] = 1
    page_size: Annotated[
        int,
        Field(ge=1, description=f"Items per page (default 20, at most {MAX_PAGE_SIZE})."),
        AfterValidator(lambda size: min(size, MAX_PAGE_SIZE)),
    ] = 20


class ListQuery(PageQuery):
    """Pagination, search and ordering, shared by the lists of resources."""

    search: Annotated[
        str | None, Field(max_length=255, description="Case-insensitive text to find.")
    ] = None
    ordering: Annotated[
        str | None, Field(max_length=255, description="Fields to sort by, `-` for descending.")
    ] = None


class OutputSchema(BaseModel):
    """Base of every output schema: exactly these keys, in this order.

    The serializers build each response from the field names (``api/output.py``), so
    field order is output order and the OpenAPI document shows the same keys.
    """

    model_config = ConfigDict(extra="forbid")


@cache
def page_of(item: type[BaseModel]) -> type[BaseModel]:
    """The paginated list envelope of ``item``: ``EmployerOutput`` -> ``EmployerPage``."""
    name = item.__name__.removesuffix("Output") + "Page"
    return create_model(
        name,
        __base__=OutputSchema,
        __doc__=f"A page of {item.__name__.removesuffix('Output')} items.",
        __module__=__name__,
        count=(int, Field(description="How many items all pages hold.")),
        next=(str | None, Field(description="Absolute URL of the next page.")),
        previous=(str | None, Field(description="Absolute URL of the previous page.")),
        results=(list[item], ...),
    )


class ErrorDetail(OutputSchema):
    """Every error that is not a validation error."""

    detail: str


class ValidationErrors(RootModel):
    """Messages by field name; errors not tied to one field are under ``non_field_errors``."""

    root: dict[str, list[str]]


_partials: dict[type[BaseModel], type[BaseModel]] = {}


def partial(schema: type[InputSchema]) -> type[InputSchema]:
    """The same schema with every field optional, for PATCH.

    Fields keep their types, so an explicit ``null`` is still refused where the full
    schema refuses it; only the fields a client sent are in ``model_fields_set``.
    """
    if schema not in _partials:
        fields = {
            name: (_annotation(field), Field(None, description=field.description))
            for name, field in schema.model_fields.items()
        }
        _partials[schema] = create_model(
            f"{schema.__name__}Patch",
            __base__=InputSchema,
            __module__=schema.__module__,
            **fields,
        )
    return _partials[schema]


def _annotation(field):
    """The field's type with its constraints (lengths, bounds) still attached."""
    if not field.metadata:
        return field.annotation
    return Annotated[field.annotation, *field.metadata]


def sent_fields(model: BaseModel) -> dict[str, Any]:
    """The fields a client actually sent, with their validated values (an object as a dict,
    as ``model_dump`` gives it)."""
    sent = model.model_dump(include=model.model_fields_set)
    return {name: sent[name] for name in model.model_fields_set}


_MESSAGES = {
    "missing": "This field is required.",
    "string_type": "Not a valid string.",
    "string_too_short": "This field may not be blank.",
    "int_type": "A valid integer is required.",
    "int_parsing": "A valid integer is required.",
    "int_from_float": "A valid integer is required.",
    "bool_type": "Must be a valid boolean.",
    "bool_parsing": "Must be a valid boolean.",
    "float_type": "A valid number is required.",
    "float_parsing": "A valid number is required.",
    "finite_number": "A valid number is required.",
    "model_type": "Expected an object.",
    "extra_forbidden": "Unknown field.",
    "list_type": "Expected a list of items.",
    "url_scheme": "Enter a valid URL with the http or https scheme.",
}


def _message(error: dict) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if error.get("input", ...) is None and kind != "missing":
        return "This field may not be null."
    if kind == "string_too_long":
        return f"Ensure this field has no more than {ctx['max_length']} characters."
    if kind == "too_long":
        return f"Ensure this field has no more than {ctx['max_length']} elements."
    if kind == "greater_than_equal":
        return f"Ensure this value is greater than or equal to {ctx['ge']}."
    if kind == "less_than_equal":
        return f"Ensure this value is less than or equal to {ctx['le']}."
    if kind.startswith(("datetime", "date")):
        return (
            "Datetime has wrong format. Use one of these formats instead: "
            "YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."
        )
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return _MESSAGES.get(kind, error["msg"])


def error_messages(exc: PydanticValidationError) -> dict[str, list[str]]:
    """Pydantic's errors as ``{"field": ["message"]}``; list items report on their list."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors(include_url=False):
        loc = error["loc"]
        field = str(loc[0]) if loc else NON_FIELD
        message = _message(error)
        if len(loc) > 1 and isinstance(loc[1], int):
            # An object in a list (a draft's link) names its field too.
            inner = "".join(f"{part}: " for part in loc[2:])
            message = f"Item {loc[1] + 1}: {inner}{message}"
        elif len(loc) > 1:  # a key of an object, such as a focal point's x
            message = f"{loc[1]}: {message}"
        errors.setdefault(field, [])
        if message not in errors[field]:
            errors[field].append(message)
    return errors


def first_message(exc: PydanticValidationError) -> str:
    """The first message of ``exc``, for a single value validated on its own."""
    return next(iter(error_messages(exc).values()))[0]
