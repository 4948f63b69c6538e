from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError

#: Safeguarding flags only attendance officers and managers may read or search.
OFFICER_GROUP = "school_attendance.group_attendance_officer"
SENSITIVE_FIELDS = ("is_looked_after", "is_child_in_need", "has_child_protection_plan")


class SchoolPupil(models.Model):
    """Safeguarding flags: visible to attendance officers and above only.

    The ``groups`` on the fields hide them from a teacher's (or the trust's)
    views and refuse them in ``read``; ``_search`` also refuses a domain on
    them, so a list filtered by them cannot reveal them either.
    """

    _inherit = "school.pupil"

    is_looked_after = fields.Boolean(groups=OFFICER_GROUP)
    is_child_in_need = fields.Boolean(groups=OFFICER_GROUP)
    has_child_protection_plan = fields.Boolean(groups=OFFICER_GROUP)

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False, access_rights_uid=None):
        if args and self.env.uid != SUPERUSER_ID and not self.env.user.has_group(OFFICER_GROUP):
            used = {
                term[0].split(".")[0]
                for term in args
                if isinstance(term, (list, tuple)) and isinstance(term[0], str)
            }
            if used & set(SENSITIVE_FIELDS):
                raise AccessError(
                    _(
                        "Only attendance officers and managers may search pupils by "
                        "safeguarding flags (looked after, child in need, child "
                        "protection plan)."
                    )
                )
        return super(SchoolPupil, self)._search(
            args,
            offset=offset,
            limit=limit,
            order=order,
            count=count,
            access_rights_uid=access_rights_uid,
        )
