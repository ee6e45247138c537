"""``/api/portfolios/employers/``: the studio's clients."""

from portfolio_admin.api.resources import ResourceApi, register
from portfolio_admin.api.serializers import EMPLOYER_OUTPUT, employers_data
from portfolio_admin.auth.permissions import EMPLOYER
from portfolio_admin.models import Employer
from portfolio_admin.schemas.employers import EmployerInput
from portfolio_admin.services import employers

register(
    ResourceApi(
        name="employer",
        collection="/portfolios/employers/",
        item="/portfolios/employers",
        permissions=EMPLOYER,
        model=Employer,
        columns=EMPLOYER_OUTPUT.columns,
        serialize=employers_data,
        schema=EmployerInput,
        response=EMPLOYER_OUTPUT.schema,
        create=employers.create_employer,
        update=employers.update_employer,
        delete=employers.delete_employer,
        ordering={
            "id": Employer.id,
            "name": Employer.name,
            "created_at": Employer.created_at,
            "updated_at": Employer.updated_at,
        },
        default_order=[Employer.name.asc()],
    )
)
