odoo.define('school_attendance.arrival_time', function (require) {
"use strict";

/**
 * Arrival time on a register line: hours as float_time (08:58), but blank
 * while no arrival time was given. The standard float_time widget shows
 * 00:00 for an empty value, which on a register reads as "arrived at
 * midnight". An empty input still saves as no arrival time.
 */
var basicFields = require('web.basic_fields');
var fieldRegistry = require('web.field_registry');

var FieldArrivalTime = basicFields.FieldFloatTime.extend({
    init: function () {
        this._super.apply(this, arguments);
        // The field's formats come from its widget name when field_utils knows
        // it, else from the field type (float): keep float_time's (08:58).
        this.formatType = 'float_time';
    },
    _formatValue: function (value) {
        if (!value) {
            return '';
        }
        return this._super.apply(this, arguments);
    },
});

fieldRegistry.add('school_arrival_time', FieldArrivalTime);

return FieldArrivalTime;
});
