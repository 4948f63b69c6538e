from odoo import fields, models

#: Safeguarding flags only attendance officers and managers may read or search.
OFFICER_GROUP = "school_attendance.group_attendance_officer"


class SchoolPupil(models.Model):
    """Safeguarding flags: visible to attendance officers and above only.

    The ``groups`` on the fields hide them from a teacher's (or the trust's)
    views and refuse them in ``read``; a domain, a group by or an order on
    them is refused too (``school_field_access``), and their changes are left
    out of the chatter shown to others (``mail_message``).
    """

    _inherit = "school.pupil"

    is_looked_after = fields.Boolean(groups=OFFICER_GROUP)
    is_child_in_need = fields.Boolean(groups=OFFICER_GROUP)
    has_child_protection_plan = fields.Boolean(groups=OFFICER_GROUP)
