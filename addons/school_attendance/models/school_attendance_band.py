from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..rules import statistics


class SchoolAttendanceBand(models.Model):
    """An attendance band of a school (seed 003): who acts, and how."""

    _name = "school.attendance.band"
    _description = "Attendance Band"
    _order = "company_id, min_pct desc, sequence"

    name = fields.Char(
        required=True,
        translate=True,
        help="Label of the band as staff and parents see it, e.g. '95% - 97.9%'.",
    )
    sequence = fields.Integer(
        default=10,
        help="Order of the bands in lists.",
    )
    min_pct = fields.Float(
        string="From (%)",
        required=True,
        digits=(5, 1),
        help="Lowest attendance percentage in the band (included).",
    )
    max_pct = fields.Float(
        string="To (%)",
        required=True,
        digits=(5, 1),
        help="Highest attendance percentage in the band (included). "
        "Percentages are rounded to one decimal place before a band is chosen.",
    )
    colour = fields.Integer(
        string="Colour",
        help="Colour index used in kanban views.",
    )
    responsible = fields.Char(
        help="Staff who own the pupils in this band, e.g. 'Learning Mentor & Class Teachers'.",
    )
    staff_action = fields.Text(
        string="Staff Actions",
        translate=True,
        help="What staff do for pupils in this band: daily, weekly and termly actions.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        index=True,
        default=lambda self: self.env.user.company_id,
        help="School using this band.",
    )
    active = fields.Boolean(
        default=True,
        help="Archive a band instead of deleting it.",
    )

    @api.constrains("min_pct", "max_pct", "company_id", "active")
    def _check_range(self):
        for band in self:
            if not 0 <= band.min_pct <= band.max_pct <= 100:
                raise ValidationError(
                    _(
                        "The band %s must run from a lower to a higher percentage, "
                        "both between 0 and 100 (now %s to %s)."
                    )
                    % (band.name, band.min_pct, band.max_pct)
                )
            if not band.active:
                continue
            other = self.search(
                [
                    ("id", "!=", band.id),
                    ("company_id", "=", band.company_id.id),
                    ("min_pct", "<=", band.max_pct),
                    ("max_pct", ">=", band.min_pct),
                ],
                limit=1,
            )
            if other:
                raise ValidationError(
                    _("The band %s (%s%% to %s%%) overlaps the band %s (%s%% to %s%%).")
                    % (
                        band.name,
                        band.min_pct,
                        band.max_pct,
                        other.name,
                        other.min_pct,
                        other.max_pct,
                    )
                )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def get_bands_by_company(self, companies):
        """``{company_id: [band dict, ...]}`` for ``companies``, in one query.

        A band dict has ``id``, ``label``, ``min_pct``, ``max_pct`` and
        ``responsible``, the shape ``rules.statistics.band_for`` takes. A
        school without bands of its own gets the national defaults of
        ``rules.statistics.DEFAULT_BANDS`` (seed 003), with ``id`` False.
        """
        # sudo: which band a percentage falls in is not confidential; any
        # user who may read a pupil may see its band.
        bands = self.sudo().search([("company_id", "in", companies.ids)])
        result = {company.id: [] for company in companies}
        for band in bands:
            result[band.company_id.id].append(
                {
                    "id": band.id,
                    "label": band.name,
                    "min_pct": band.min_pct,
                    "max_pct": band.max_pct,
                    "responsible": band.responsible or "",
                }
            )
        defaults = [dict(band, id=False, max_pct=None) for band in statistics.DEFAULT_BANDS]
        return {key: value or defaults for key, value in result.items()}

    @api.model
    def find_band(self, pct, bands):
        """The band dict of ``bands`` holding ``pct``, or None when none does."""
        try:
            return statistics.band_for(pct, bands)
        except ValueError:
            return None
