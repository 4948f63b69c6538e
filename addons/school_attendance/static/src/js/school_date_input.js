odoo.define('school_attendance.date_input', function (require) {
"use strict";

/**
 * A date typed into a date field is read in the user's language format
 * (DD/MM/YYYY for English (UK)) or refused; it is never replaced.
 *
 * Odoo 11's date picker (bootstrap-datetimepicker) puts the previous date back
 * into the input when what was typed is not a date (31/02/2026, or 25/11/2026
 * read as month 25), without a word, and Save then stores the old date. Here
 * the typed text stays in the input, the user is told at once what is wrong,
 * and the field counts as invalid, so the form refuses to save until it is
 * corrected.
 */
var basicFields = require('web.basic_fields');
var core = require('web.core');
var datepicker = require('web.datepicker');
var time = require('web.time');

var _t = core._t;

datepicker.DateWidget.include({
    events: _.extend({}, datepicker.DateWidget.prototype.events, {
        'dp.error': '_onInvalidDate',
    }),
    init: function () {
        this._super.apply(this, arguments);
        var self = this;
        this.options.keepInvalid = true;
        // The picker reads typed text as the field does (the language's format,
        // with or without leading zeros): "25/11/2026" in English (UK) is
        // 25 November, and nothing is guessed from a loose parse.
        this.options.parseInputDate = function (text) {
            try {
                return self._parseClient(text) || moment.invalid();
            } catch (e) {
                return moment.invalid();
            }
        };
    },
    /**
     * The picker keeps text it cannot read (keepInvalid) and reports it.
     *
     * @private
     */
    _onInvalidDate: function () {
        var typed = this.$input.val();
        if (!typed || this.isValid()) {
            return;
        }
        var format = this.type_of_date === 'datetime'
            ? time.getLangDatetimeFormat() : time.getLangDateFormat();
        this.do_warn(
            _t("Not a date"),
            _.str.sprintf(
                _t("%s is not a date. Type it as %s (e.g. %s); nothing was changed."),
                _.escape(typed), format, moment().format(format)
            )
        );
        this.$el.addClass('o_field_invalid');
    },
});

basicFields.FieldDate.include({
    /**
     * A date field whose input holds text that is not a date cannot be saved.
     *
     * @override
     */
    isValid: function () {
        var valid = this._super.apply(this, arguments);
        if (valid && this.datewidget && this.mode === 'edit') {
            return this.datewidget.isValid();
        }
        return valid;
    },
});

});
