"""11.0.1.2.0 (plans): existing contracts and action plans list who was expected at
their meeting (parents party to the plan, the pupil, the responsible), as new ones do.

Nobody is marked as having attended or signed: the school did not record it.
"""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    contracts = (
        env["school.attendance.contract"]
        .with_context(active_test=False)
        .search([("attendee_ids", "=", False)])
    )
    attendee_model = env["school.attendance.contract.attendee"]
    for contract in contracts:
        for vals in contract._default_attendees(
            contract.pupil_id, contract.partner_ids, contract.user_id or None
        ):
            attendee_model.create(dict(vals, contract_id=contract.id))
