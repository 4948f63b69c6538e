odoo.define('school_attendance.attendance_chart', function (require) {
"use strict";

/**
 * Read-only field widget showing the attendance chart: an SVG the server
 * builds (school.attendance.trend.render_svg) with every text escaped. The
 * community client has no HTML widget without web_editor, and its text
 * widget would show the markup as text.
 */
var AbstractField = require('web.AbstractField');
var fieldRegistry = require('web.field_registry');

var AttendanceChart = AbstractField.extend({
    tagName: 'div',
    className: 'o_school_attendance_chart_field',
    supportedFieldTypes: ['html'],

    _render: function () {
        this.$el.html(this.value || '');
    },
});

fieldRegistry.add('school_attendance_chart', AttendanceChart);

return AttendanceChart;
});
