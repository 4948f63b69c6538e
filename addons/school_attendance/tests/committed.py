"""Committed test data for tests with two database cursors.

What a second transaction must see has to be committed, so such a test
builds a school of its own in a cursor of its own and deletes it afterwards
with :func:`delete_school`. Test clean-up only: registers, marks and issued
notices can never be deleted through the ORM.
"""

from odoo import SUPERUSER_ID, api

# Children before parents; tables of addons not installed are skipped.
SCHOOL_TABLES = (
    "school_letter",
    "account_partial_reconcile",
    "account_move_line",
    "account_payment",
    "account_invoice_line",
    "account_invoice",
    "account_move",
    "school_penalty_notice",
    "school_notice_to_improve",
    "school_prosecution",
    "school_attendance_contract_review",
    "school_attendance_contract",
    "school_attendance_referral",
    "school_attendance_case",
    "school_leave_request",
    "school_attendance_amendment",
    "school_attendance_mark",
    "school_attendance_register",
    "school_pupil_contact",
    "school_pupil",
    "school_group",
    "school_closure",
    "school_session",
    "school_term",
    "school_academic_year",
    "school_attendance_policy_step",
    "school_attendance_policy",
    "account_journal",
    "account_account",
    "product_template",
    "ir_sequence",
)
# Chatter and activities of the deleted records.
MAIL_TABLES = (("mail_activity", "res_model"), ("mail_message", "model"))


def delete_school(registry, company_id):
    """Delete everything of the committed school ``company_id``, then the school."""
    with registry.cursor() as cr:
        cr.execute(
            "UPDATE res_company SET attendance_policy_id = NULL WHERE id = %s", (company_id,)
        )
        for table in SCHOOL_TABLES:
            if table == "school_attendance_policy_step":
                # Steps belong to the school through their policy.
                cr.execute(
                    "DELETE FROM school_attendance_policy_step WHERE policy_id IN "
                    "(SELECT id FROM school_attendance_policy WHERE company_id = %s)",
                    (company_id,),
                )
                continue
            cr.execute(
                "SELECT 1 FROM information_schema.columns "
                "WHERE table_name = %s AND column_name = 'company_id'",
                (table,),
            )
            if cr.fetchone():
                # Table names come from the constant above, never from input.
                cr.execute(
                    "DELETE FROM %s WHERE company_id = %%s" % table,  # noqa: S608
                    (company_id,),
                )
        cr.execute("SELECT model FROM ir_model WHERE model LIKE 'school.%%'")
        for (model,) in cr.fetchall():
            table = model.replace(".", "_")
            cr.execute("SELECT to_regclass(%s)", (table,))
            if not cr.fetchone()[0]:
                continue
            for mail_table, column in MAIL_TABLES:
                cr.execute(
                    "DELETE FROM %s m WHERE m.%s = %%s AND NOT EXISTS "  # noqa: S608
                    "(SELECT 1 FROM %s r WHERE r.id = m.res_id)" % (mail_table, column, table),
                    (model,),
                )
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        try:
            with cr.savepoint():
                env["res.company"].browse(company_id).unlink()
        except Exception:  # noqa: BLE001 - a leftover empty school is harmless
            pass
