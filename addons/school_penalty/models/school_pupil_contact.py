from odoo import _, api, fields, models


class SchoolPupilContact(models.Model):
    """Who is a parent in education law (s576 Education Act 1996).

    A parent is anyone with parental responsibility for the child **or who has
    care of the child**: a contact who lives with and looks after the pupil (a
    step-parent, a grandparent bringing the child up). Notices to improve,
    penalty notices and prosecutions go to parents in law only; the officer sees
    on each contact whether they qualify and why (``parent_in_law_reason``).
    """

    _inherit = "school.pupil.contact"

    looks_after_pupil = fields.Boolean(
        string="Looks After the Pupil",
        help="The contact looks after the pupil day to day. With 'Lives With "
        "Pupil' this means they have care of the child, which makes them a "
        "parent in education law (s576) even without parental responsibility.",
    )
    is_parent_in_law = fields.Boolean(
        string="Parent in Law (s576)",
        compute="_compute_parent_in_law",
        help="Has parental responsibility, or has care of the pupil (lives with "
        "and looks after them): notices are served on this contact.",
    )
    parent_in_law_reason = fields.Char(
        string="Why (s576)",
        compute="_compute_parent_in_law",
        help="Why the contact is, or is not, a parent in education law.",
    )

    @api.depends("has_parental_responsibility", "lives_with_pupil", "looks_after_pupil")
    def _compute_parent_in_law(self):
        for contact in self:
            has_care = contact.lives_with_pupil and contact.looks_after_pupil
            contact.is_parent_in_law = contact.has_parental_responsibility or has_care
            contact.parent_in_law_reason = contact._parent_in_law_reason(has_care)

    def _parent_in_law_reason(self, has_care):
        if self.has_parental_responsibility and has_care:
            return _("Parent: parental responsibility, and has care of the pupil")
        if self.has_parental_responsibility:
            return _("Parent: parental responsibility")
        if has_care:
            return _("Parent: has care of the pupil (lives with and looks after them, s576)")
        if self.lives_with_pupil:
            return _("Not a parent: lives with the pupil but is not recorded as looking after them")
        if self.looks_after_pupil:
            return _("Not a parent: looks after the pupil but does not live with them")
        return _("Not a parent: no parental responsibility and no care of the pupil")
