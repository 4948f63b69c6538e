"""11.0.1.1.0: names read the British way; draft improvement periods counted anew.

Notices to improve and prosecution referrals have names with their date in
the British form; a draft notice to improve's end date is counted again as
N full school weeks after issue (bank holidays and closures skipped).  Issued
notices keep the end date the parent was sent.
"""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    for model in ("school.notice.to.improve", "school.prosecution"):
        records = env[model].with_context(active_test=False).search([])
        env.add_todo(env[model]._fields["name"], records)
    drafts = env["school.notice.to.improve"].search([("state", "=", "draft")])
    env.add_todo(env["school.notice.to.improve"]._fields["date_end"], drafts)
    env["school.notice.to.improve"].recompute()
    env["school.prosecution"].recompute()
