odoo.define("school_attendance.accessibility", function (require) {
    "use strict";

    /* WCAG 2.2 AA in the web client: every checkbox has a name (1.3.1, 4.1.2).
     * A boolean column of a list (e.g. a register's marks) shows disabled checkboxes
     * without a label: screen readers announced an unnamed "checkbox". */
    var basicFields = require("web.basic_fields");
    var core = require("web.core");
    var ListRenderer = require("web.ListRenderer");
    var relationalFields = require("web.relational_fields");

    var _t = core._t;

    ListRenderer.include({
        _renderBodyCell: function (record, node) {
            var $td = this._super.apply(this, arguments);
            var field = node.tag === "field" && this.state.fields[node.attrs.name];
            if (field && field.type === "boolean") {
                $td.find("input[type=checkbox]").attr("aria-label", node.attrs.string || field.string);
            }
            return $td;
        },
    });

    basicFields.FieldBoolean.include({
        _render: function () {
            this._super.apply(this, arguments);
            if (this.$input) {
                this.$input.attr("aria-label", this.string);
            }
        },
    });

    /* The button that opens a linked record (an icon) says what it opens. */
    relationalFields.FieldMany2One.include({
        start: function () {
            var result = this._super.apply(this, arguments);
            if (this.$external_button) {
                this.$external_button.attr("aria-label", _.str.sprintf(_t("Open %s"), this.string));
            }
            return result;
        },
    });
});
