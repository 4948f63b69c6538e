from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError
from odoo.osv import expression


class Base(models.AbstractModel):
    """A field restricted to some groups (``groups=``) tells nothing to others.

    Odoo 11 hides such a field from ``read`` and the views, but still lets
    anyone filter, group and sort by it: a count of pupils grouped by "looked
    after", a filter in a grouped list or a sort order answers the question as
    surely as reading the field. On the school models, a domain, a ``group by``
    and an ``order`` that name a field the user may not read are refused.
    """

    _inherit = "base"

    def _check_school_field_groups(self, names, use):
        if self._uid == SUPERUSER_ID or not self._name.startswith("school."):
            return
        for name in names:
            field = self._fields.get(name)
            if field and field.groups and not self.user_has_groups(field.groups):
                # Translated only here: _() reads the user's language, which
                # these checks must not do on every search (nor during install).
                verbs = {"search": _("search"), "sort": _("sort"), "group": _("group")}
                raise AccessError(
                    _(
                        "You may not %s %s by %s: only the staff allowed to see that "
                        "field may use it."
                    )
                    % (verbs[use], self._description, field.string)
                )

    @api.model
    def _where_calc(self, domain, active_test=True):
        names = [
            leaf[0].split(".")[0]
            for leaf in domain or []
            if isinstance(leaf, (list, tuple))
            and len(leaf) == 3
            and isinstance(leaf[0], str)
            and not expression.is_operator(leaf)
        ]
        self._check_school_field_groups(names, "search")
        return super(Base, self)._where_calc(domain, active_test=active_test)

    @api.model
    def _generate_order_by(self, order_spec, query):
        self._check_school_field_groups(_order_names(order_spec), "sort")
        return super(Base, self)._generate_order_by(order_spec, query)

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        groupby = [groupby] if isinstance(groupby, str) else list(groupby or [])
        if not fields and self._name.startswith("school."):
            # Every stored field by default: only those the user may read.
            fields = [
                name
                for name, field in self._fields.items()
                if field.store and (not field.groups or self.user_has_groups(field.groups))
            ]
        names = [spec.split(":")[0].strip() for spec in list(groupby) + list(fields or [])]
        self._check_school_field_groups(names + _order_names(orderby), "group")
        return super(Base, self).read_group(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy
        )


def _order_names(order_spec):
    """Field names of an ``order`` ('a desc, b' -> ['a', 'b'])."""
    return [part.split()[0] for part in (order_spec or "").split(",") if part.strip()]
